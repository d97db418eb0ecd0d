package io.strait.lb;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Builds balancers. Call on a control thread; publish the result with one volatile store (or an
 * {@code AtomicReference}) and hand it back as {@code previous} next time.
 */
public final class Balancers {
  private Balancers() {}

  /**
   * Builds the balancer for these endpoints. {@code previous} may be null or of another algorithm
   * (then nothing carries over); otherwise the round-robin sequence, the retry memory, the Maglev
   * table (when keys, weights and size are unchanged) and the affinity cache (when the timeout is
   * unchanged) carry over.
   *
   * @param endpoints          candidates, in any order (sorted here by {@link Endpoint#key()});
   *                           keys must be distinct
   * @param activeConnections  live connection count per endpoint, read by least-connections and p2c
   *                           on every pick (must be fast and non-blocking); others ignore it
   * @throws IllegalArgumentException if two endpoints share a key
   */
  public static Balancer build(BalancerSpec spec, List<Endpoint> endpoints, Balancer previous,
                               ToIntFunction<Endpoint> activeConnections) {
    return build(spec, endpoints, previous, activeConnections, Ticker.systemTicker());
  }

  static Balancer build(BalancerSpec spec, List<Endpoint> endpoints, Balancer previous,
                        ToIntFunction<Endpoint> activeConnections, Ticker ticker) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(endpoints, "endpoints");
    Candidates candidates = Candidates.of(endpoints);
    Balancer prior = previous != null && previous.algorithm() == spec.algorithm() ? previous : null;
    BaseBalancer priorInner = switch (prior) {
      case AffinityBalancer a -> a.inner();
      case BaseBalancer b -> b;
      case null, default -> null;
    };
    BaseBalancer inner = switch (spec.algorithm()) {
      case ROUND_ROBIN, WEIGHTED_ROUND_ROBIN -> new RoundRobinBalancer(spec.algorithm(), candidates,
          priorInner instanceof RoundRobinBalancer r ? r : null);
      case LEAST_CONNECTIONS -> new LeastConnectionsBalancer(candidates, requireCounts(activeConnections, spec),
          priorInner instanceof LeastConnectionsBalancer l ? l : null);
      case P2C -> new P2cBalancer(candidates, requireCounts(activeConnections, spec),
          priorInner instanceof P2cBalancer p ? p : null);
      case MAGLEV -> new MaglevBalancer(candidates, spec.maglevTableSize(), !spec.clientIpAffinity(),
          priorInner instanceof MaglevBalancer m ? m : null);
      case RANDOM -> new RandomBalancer(candidates, priorInner instanceof RandomBalancer r ? r : null);
    };
    return spec.clientIpAffinity() ? AffinityBalancer.wrap(inner, spec.affinityTimeout(), prior, ticker) : inner;
  }

  private static ToIntFunction<Endpoint> requireCounts(ToIntFunction<Endpoint> counts, BalancerSpec spec) {
    return Objects.requireNonNull(counts, () -> spec.algorithm() + " needs activeConnections");
  }
}
