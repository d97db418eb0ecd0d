package io.strait.lb;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Chooses an endpoint for a new connection or flow. Implementations are immutable snapshots of one
 * endpoint list (plus lock-free counters); {@link #pick} is safe to call from many threads at once
 * and never blocks.
 */
public interface Balancer {

  /**
   * An endpoint for this client, or null when there is none. Attempt 0 is the first choice;
   * attempt k > 0 (a retry after a failed connect) returns an endpoint different from those of
   * attempts 0..k-1 while untried endpoints remain, and null once {@code attempt >= endpoints().size()}.
   *
   * <p>Deterministic algorithms (Maglev, and every algorithm under ClientIP affinity) meet the
   * retry guarantee exactly. Stateful ones (round-robin, least-connections, p2c, random) recall the
   * client's first choice from a small lossy memory; see the README for the precise bound.
   *
   * @param client  the client's address and port (may be null: then it counts as one fixed client)
   * @param attempt 0 for the first choice, k for the k-th retry; negative values are rejected
   */
  Endpoint pick(InetSocketAddress client, int attempt);

  /**
   * The same first choice as {@code pick(client, 0)}, for callers that walk retries themselves
   * (the dataplane does, over {@link #endpoints()}): stateful balancers then skip recording the
   * choice in their retry memory, which would only serve later {@code pick(client, k > 0)} calls.
   */
  default Endpoint pickFirst(InetSocketAddress client) {
    return pick(client, 0);
  }

  /** The endpoints this balancer chooses from, sorted by {@link Endpoint#key()}; immutable. */
  List<Endpoint> endpoints();

  /** The algorithm it implements. */
  Algorithm algorithm();
}
