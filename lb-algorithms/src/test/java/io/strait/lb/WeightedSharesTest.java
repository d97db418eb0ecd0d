package io.strait.lb;

import static io.strait.lb.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Weights: smooth WRR order and exact shares; Maglev, random, least-connections follow weights. */
class WeightedSharesTest {
  static final List<Endpoint> FIVE_ONE_ONE = List.of(
      Fixtures.endpoint(1).withWeight(5), Fixtures.endpoint(2), Fixtures.endpoint(3));

  @Test
  void smoothWeightedRoundRobinInterleaves() {
    Balancer b = Balancers.build(BalancerSpec.of(Algorithm.WEIGHTED_ROUND_ROBIN), FIVE_ONE_ONE, null, e -> 0);
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < 14; i++) {
      order.append((char) ('a' + b.endpoints().indexOf(b.pick(client(i), 0))));
    }
    assertThat(order).hasToString("aabacaa" + "aabacaa");
  }

  @Test
  void plainRoundRobinIgnoresWeights() {
    Balancer b = Balancers.build(BalancerSpec.of(Algorithm.ROUND_ROBIN), FIVE_ONE_ONE, null, e -> 0);
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      order.append((char) ('a' + b.endpoints().indexOf(b.pick(client(i), 0))));
    }
    assertThat(order).hasToString("abcabc");
  }

  @Test
  void scheduleWeightsAreReducedByGcdAndCappedInLength() {
    assertThat(SmoothSchedule.of(new int[] {10, 20, 30})).hasSize(6);
    int[] big = new int[1000];
    for (int i = 0; i < big.length; i++) {
      big[i] = 60_000 + i;
    }
    int[] schedule = SmoothSchedule.of(big);
    assertThat(schedule.length).isLessThanOrEqualTo(SmoothSchedule.MAX_LENGTH);
    int[] counts = new int[big.length];
    for (int s : schedule) {
      counts[s]++;
    }
    assertThat(java.util.Arrays.stream(counts).min().orElseThrow()).isPositive();
  }

  /** Every weighted algorithm: 20 000 picks over weights 1:2:3:4 land within 10 % of the share (WRR: exactly). */
  @ParameterizedTest
  @EnumSource(value = Algorithm.class, names = {"WEIGHTED_ROUND_ROBIN", "MAGLEV", "RANDOM", "LEAST_CONNECTIONS", "P2C"})
  void sharesFollowWeights(Algorithm algorithm) {
    List<Endpoint> eps = List.of(Fixtures.endpoint(1), Fixtures.endpoint(2).withWeight(2),
        Fixtures.endpoint(3).withWeight(3), Fixtures.endpoint(4).withWeight(4));
    Map<Endpoint, Integer> active = new HashMap<>(); // connections never close: a steady-state mix
    Balancer b = Balancers.build(BalancerSpec.of(algorithm), eps, null, e -> active.getOrDefault(e, 0));
    int picks = 20_000;
    for (int i = 0; i < picks; i++) {
      active.merge(b.pick(client(i), 0), 1, Integer::sum);
    }
    for (Endpoint e : eps) {
      double expected = picks * e.weight() / 10.0;
      double tolerance = algorithm == Algorithm.WEIGHTED_ROUND_ROBIN ? 0 : 0.10;
      assertThat(Math.abs(active.get(e) - expected) / expected).as("%s weight %d", e.key(), e.weight())
          .isLessThanOrEqualTo(tolerance);
    }
  }
}
