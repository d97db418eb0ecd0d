package io.strait.lb;

import static io.strait.lb.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Least-connections and p2c read live counts; ties are broken fairly. */
class LeastLoadedTest {
  final List<Endpoint> eps = Fixtures.endpoints(5);

  @Test
  void leastConnectionsPicksTheLeastLoaded() {
    Map<Endpoint, Integer> load = new HashMap<>(Map.of(eps.get(0), 9, eps.get(1), 4, eps.get(2), 7,
        eps.get(3), 2, eps.get(4), 3));
    Balancer b = Balancers.build(BalancerSpec.of(Algorithm.LEAST_CONNECTIONS), eps, null, load::get);
    for (int i = 0; i < 50; i++) {
      assertThat(b.pick(client(i), 0)).isEqualTo(eps.get(3));
    }
    load.put(eps.get(3), 20);
    assertThat(b.pick(client(0), 0)).isEqualTo(eps.get(4)); // counts are read live
  }

  @Test
  void leastConnectionsBreaksTiesUniformly() {
    // endpoints 0 and 1 tie (adjacent: a rotating-start scan would favour 0 four times out of five)
    Map<Endpoint, Integer> load = Map.of(eps.get(0), 1, eps.get(1), 1, eps.get(2), 5, eps.get(3), 5, eps.get(4), 5);
    Balancer b = Balancers.build(BalancerSpec.of(Algorithm.LEAST_CONNECTIONS), eps, null, load::get);
    int first = 0;
    for (int i = 0; i < 4000; i++) {
      first += b.pick(client(i), 0).equals(eps.get(0)) ? 1 : 0;
    }
    assertThat(first).isBetween(1700, 2300); // 2000 expected, sd ~32
  }

  @Test
  void leastConnectionsWeighsLoadByWeight() {
    List<Endpoint> weighted = List.of(Fixtures.endpoint(0).withWeight(4), Fixtures.endpoint(1));
    Map<Endpoint, Integer> load = Map.of(weighted.get(0), 6, weighted.get(1), 1);
    // (6+1)/4 = 1.75 < (1+1)/1 = 2
    Balancer b = Balancers.build(BalancerSpec.of(Algorithm.LEAST_CONNECTIONS), weighted, null, load::get);
    assertThat(b.pick(client(0), 0)).isEqualTo(weighted.get(0));
  }

  @Test
  void p2cNeverPicksTheUniqueMostLoaded() {
    Map<Endpoint, Integer> load = Map.of(eps.get(0), 1, eps.get(1), 2, eps.get(2), 3, eps.get(3), 4, eps.get(4), 50);
    Balancer b = Balancers.build(BalancerSpec.of(Algorithm.P2C), eps, null, load::get);
    Map<Endpoint, Integer> counts = new HashMap<>();
    for (int i = 0; i < 5000; i++) {
      counts.merge(b.pick(client(i), 0), 1, Integer::sum);
    }
    assertThat(counts).doesNotContainKey(eps.get(4));
    // the least loaded wins every pair it is in: 4 of the 10 pairs
    assertThat(counts.get(eps.get(0))).isBetween(1700, 2300);
  }

  @Test
  void negativeCountsAreTreatedAsZero() {
    Balancer b = Balancers.build(BalancerSpec.of(Algorithm.LEAST_CONNECTIONS), eps, null,
        e -> e.equals(eps.get(2)) ? -5 : 0);
    assertThat(b.pick(client(0), 0)).isNotNull();
  }
}
