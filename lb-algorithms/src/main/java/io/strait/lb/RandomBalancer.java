package io.strait.lb;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/*
 * Random choice from ThreadLocalRandom (no shared state). With unequal weights, a draw in
 * [0, sum of weights) is mapped to an endpoint by binary search over the cumulative weights
 * (the inverse-CDF method); O(log n) per pick.
 */
final class RandomBalancer extends BaseBalancer {
  private final long[] cumulative; // null when all weights are equal

  RandomBalancer(Candidates candidates, RandomBalancer previous) {
    super(Algorithm.RANDOM, candidates, previous == null ? new FirstChoices() : previous.firstChoices);
    if (candidates.equalWeights) {
      this.cumulative = null;
    } else {
      this.cumulative = new long[candidates.size()];
      long sum = 0;
      for (int i = 0; i < cumulative.length; i++) {
        sum += candidates.weights[i];
        cumulative[i] = sum;
      }
    }
  }

  @Override
  int first(InetSocketAddress client) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (cumulative == null) {
      return random.nextInt(candidates.size());
    }
    long r = random.nextLong(cumulative[cumulative.length - 1]);
    int i = Arrays.binarySearch(cumulative, r + 1);
    return i >= 0 ? i : -i - 1;
  }
}
