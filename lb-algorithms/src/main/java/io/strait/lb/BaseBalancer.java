package io.strait.lb;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What every balancer shares: the sorted candidates, the edge cases (0 and 1 endpoints, attempts
 * past the end) and the retry walk. A retry k of a client whose first choice was endpoint i
 * returns endpoint (i + k) mod n: distinct for k < n.
 */
abstract sealed class BaseBalancer implements Balancer
    permits RoundRobinBalancer, LeastConnectionsBalancer, P2cBalancer, RandomBalancer, MaglevBalancer {

  final Candidates candidates;
  private final Algorithm algorithm;
  /** Null for deterministic balancers, whose first choice can be recomputed. */
  final FirstChoices firstChoices;

  BaseBalancer(Algorithm algorithm, Candidates candidates, FirstChoices firstChoices) {
    this.algorithm = algorithm;
    this.candidates = candidates;
    this.firstChoices = firstChoices;
  }

  /** The index of the first choice for this client; called only when there are 2 or more endpoints. */
  abstract int first(InetSocketAddress client);

  @Override
  public final Endpoint pick(InetSocketAddress client, int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
    }
    Endpoint[] all = candidates.array;
    int n = all.length;
    if (attempt >= n) {
      return null;
    }
    if (n == 1) {
      return all[0];
    }
    if (attempt == 0) {
      Endpoint e = all[first(client)];
      if (firstChoices != null) {
        firstChoices.remember(client, e);
      }
      return e;
    }
    return all[(anchor(client) + attempt) % n];
  }

  @Override
  public final Endpoint pickFirst(InetSocketAddress client) {
    Endpoint[] all = candidates.array;
    return switch (all.length) {
      case 0 -> null;
      case 1 -> all[0];
      default -> all[first(client)];
    };
  }

  /** The index of this client's attempt-0 endpoint in this balancer, as well as it can be known. */
  int anchor(InetSocketAddress client) {
    if (firstChoices == null) {
      return first(client);
    }
    Endpoint e = firstChoices.recall(client);
    int i = e == null ? -1 : candidates.indexOf(e.key());
    return i >= 0 ? i : candidates.hashAnchor(client);
  }

  @Override
  public final List<Endpoint> endpoints() {
    return candidates.list;
  }

  @Override
  public final Algorithm algorithm() {
    return algorithm;
  }

  @Override
  public String toString() {
    return algorithm.wireName() + candidates.list.stream().map(Endpoint::key).toList();
  }
}
