package io.strait.lb;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/*
 * Round-robin and smooth weighted round-robin (see SmoothSchedule for the source). Plain
 * round-robin ignores weights. The schedule is an immutable int[] built once; a pick is one
 * getAndIncrement on a shared AtomicLong and one array read. The sequence carries over to the next
 * balancer built from this one, so an endpoint update does not send the next connections back to
 * the first endpoint (the thundering restart Armeria's and Envoy's round-robin also avoid).
 */
final class RoundRobinBalancer extends BaseBalancer {
  private final int[] schedule;
  private final AtomicLong sequence;

  RoundRobinBalancer(Algorithm algorithm, Candidates candidates, RoundRobinBalancer previous) {
    super(algorithm, candidates, previous == null ? new FirstChoices() : previous.firstChoices);
    this.sequence = previous == null ? new AtomicLong() : previous.sequence;
    if (algorithm == Algorithm.WEIGHTED_ROUND_ROBIN && !candidates.equalWeights) {
      this.schedule = SmoothSchedule.of(candidates.weights);
    } else {
      this.schedule = null;
    }
  }

  @Override
  int first(InetSocketAddress client) {
    long seq = sequence.getAndIncrement() & Long.MAX_VALUE;
    return schedule == null
        ? (int) (seq % candidates.size())
        : schedule[(int) (seq % schedule.length)];
  }
}
