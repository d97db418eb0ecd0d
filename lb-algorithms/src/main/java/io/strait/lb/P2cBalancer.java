package io.strait.lb;

import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

/*
 * Power of two choices: sample two distinct endpoints uniformly at random and take the less loaded,
 * by (active + 1) / weight as LeastConnectionsBalancer. Mitzenmacher, "The Power of Two Choices in
 * Randomized Load Balancing" (IEEE TPDS 2001): the maximum load drops from Θ(log n / log log n) to
 * Θ(log log n) at the cost of two count reads instead of n. Ties go to the first sample, itself random.
 */
final class P2cBalancer extends BaseBalancer {
  private final ToIntFunction<Endpoint> activeConnections;

  P2cBalancer(Candidates candidates, ToIntFunction<Endpoint> activeConnections, P2cBalancer previous) {
    super(Algorithm.P2C, candidates, previous == null ? new FirstChoices() : previous.firstChoices);
    this.activeConnections = activeConnections;
  }

  @Override
  int first(InetSocketAddress client) {
    int n = candidates.size();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int a = random.nextInt(n);
    int b = random.nextInt(n - 1);
    if (b >= a) {
      b++;
    }
    Endpoint[] all = candidates.array;
    int[] w = candidates.weights;
    long loadA = Math.max(0, activeConnections.applyAsInt(all[a])) + 1L;
    long loadB = Math.max(0, activeConnections.applyAsInt(all[b])) + 1L;
    return loadB * w[a] < loadA * w[b] ? b : a;
  }
}
