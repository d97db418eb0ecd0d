package io.strait.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pickFirst is pick(client, 0) without feeding the retry memory. */
class PickFirstTest {
  static InetSocketAddress client(int i) {
    return new InetSocketAddress(InetAddress.ofLiteral("10.1.0." + (i % 250 + 1)), 40000 + i);
  }

  @Test
  void choosesWhatPickWouldForEveryAlgorithm() {
    for (Algorithm a : Algorithm.values()) {
      if (a == Algorithm.RANDOM || a == Algorithm.P2C || a == Algorithm.LEAST_CONNECTIONS) {
        continue; // random draws (least-connections breaks ties at random): BalancerContractTest covers their spread
      }
      List<Endpoint> eps = Fixtures.endpoints(4);
      Balancer byPick = Balancers.build(BalancerSpec.of(a), eps, null, e -> 0);
      Balancer byFirst = Balancers.build(BalancerSpec.of(a), eps, null, e -> 0);
      List<Endpoint> picked = new ArrayList<>();
      List<Endpoint> first = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        picked.add(byPick.pick(client(i), 0));
        first.add(byFirst.pickFirst(client(i)));
      }
      assertThat(first).as(a.wireName()).isEqualTo(picked);
    }
  }

  @Test
  void emptyAndSingleEndpointSets() {
    for (Algorithm a : Algorithm.values()) {
      assertThat(Balancers.build(BalancerSpec.of(a), List.of(), null, e -> 0).pickFirst(client(1))).isNull();
      List<Endpoint> one = Fixtures.endpoints(1);
      assertThat(Balancers.build(BalancerSpec.of(a), one, null, e -> 0).pickFirst(client(1))).isEqualTo(one.get(0));
      assertThat(Balancers.build(BalancerSpec.of(a).withClientIpAffinity(BalancerSpec.DEFAULT_AFFINITY_TIMEOUT),
          one, null, e -> 0).pickFirst(client(1))).isEqualTo(one.get(0));
    }
  }
}
