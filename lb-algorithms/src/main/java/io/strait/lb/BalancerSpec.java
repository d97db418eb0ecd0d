package io.strait.lb;

import java.time.Duration;
import java.util.Objects;

/**
 * What to build for one Service port.
 *
 * @param algorithm        the algorithm
 * @param clientIpAffinity Service {@code sessionAffinity: ClientIP}
 * @param affinityTimeout  idle time after which an affinity is forgotten
 *                         ({@code sessionAffinityConfig.clientIP.timeoutSeconds}); positive
 * @param maglevTableSize  Maglev lookup-table size M: a prime in 2..{@value MaglevTable#MAX_SIZE}
 *                         (checked for every algorithm so a bad config fails early)
 */
public record BalancerSpec(Algorithm algorithm, boolean clientIpAffinity, Duration affinityTimeout,
                           int maglevTableSize) {

  /** Kubernetes' default {@code timeoutSeconds}: 3 hours. */
  public static final Duration DEFAULT_AFFINITY_TIMEOUT = Duration.ofSeconds(10_800);

  public BalancerSpec {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(affinityTimeout, "affinityTimeout");
    if (affinityTimeout.isNegative() || affinityTimeout.isZero()) {
      throw new IllegalArgumentException("affinityTimeout must be positive, got " + affinityTimeout);
    }
    MaglevTable.checkSize(maglevTableSize);
  }

  /** This algorithm, no affinity, default timeout and Maglev size. */
  public static BalancerSpec of(Algorithm algorithm) {
    return new BalancerSpec(algorithm, false, DEFAULT_AFFINITY_TIMEOUT, MaglevTable.DEFAULT_SIZE);
  }

  /** The same spec with ClientIP affinity of this idle timeout. */
  public BalancerSpec withClientIpAffinity(Duration timeout) {
    return new BalancerSpec(algorithm, true, timeout, maglevTableSize);
  }

  /** The same spec with another Maglev table size. */
  public BalancerSpec withMaglevTableSize(int size) {
    return new BalancerSpec(algorithm, clientIpAffinity, affinityTimeout, size);
  }
}
