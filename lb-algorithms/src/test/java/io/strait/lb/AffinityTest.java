package io.strait.lb;

import static io.strait.lb.Fixtures.addr;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** ClientIP session affinity over round-robin (which would otherwise rotate every pick). */
class AffinityTest {
  final AtomicLong nanos = new AtomicLong();
  final Ticker ticker = nanos::get;
  final BalancerSpec spec = BalancerSpec.of(Algorithm.ROUND_ROBIN).withClientIpAffinity(Duration.ofSeconds(100));
  final List<Endpoint> eps = Fixtures.endpoints(4);

  Balancer build(BalancerSpec s, List<Endpoint> endpoints, Balancer previous) {
    return Balancers.build(s, endpoints, previous, e -> 0, ticker);
  }

  static InetSocketAddress from(String ip, int port) {
    return addr(ip, port);
  }

  @Test
  void sameClientIpSameEndpointWhateverThePort() {
    Balancer b = build(spec, eps, null);
    Endpoint first = b.pick(from("192.0.2.7", 1000), 0);
    for (int port = 1001; port < 1100; port++) {
      assertThat(b.pick(from("192.0.2.7", port), 0)).isEqualTo(first);
    }
    assertThat(b.pick(from("192.0.2.8", 1000), 0)).isNotEqualTo(first); // round-robin moved on
  }

  @Test
  void affinityExpiresAfterIdleTimeoutNotBefore() {
    Balancer b = build(spec, eps, null);
    Endpoint first = b.pick(from("192.0.2.7", 1000), 0);
    for (int i = 0; i < 5; i++) {
      nanos.addAndGet(Duration.ofSeconds(99).toNanos()); // active: each access resets the idle clock
      assertThat(b.pick(from("192.0.2.7", 1000), 0)).isEqualTo(first);
    }
    b.pick(from("192.0.2.99", 1), 0); // keep the round-robin turning
    nanos.addAndGet(Duration.ofSeconds(101).toNanos());
    assertThat(b.pick(from("192.0.2.7", 1000), 0)).isNotEqualTo(first);
  }

  @Test
  void affinityToARemovedEndpointIsDroppedAndOthersSurviveChurn() {
    Balancer b = build(spec, eps, null);
    List<Endpoint> pinned = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pinned.add(b.pick(from("192.0.2." + i, 1), 0));
    }
    Endpoint gone = pinned.getFirst();
    List<Endpoint> remaining = new ArrayList<>(eps);
    remaining.remove(gone);
    Balancer next = build(spec, remaining, b);
    for (int i = 0; i < 8; i++) {
      Endpoint now = next.pick(from("192.0.2." + i, 2), 0);
      if (pinned.get(i).equals(gone)) {
        assertThat(now).isIn(remaining);
        assertThat(next.pick(from("192.0.2." + i, 3), 0)).isEqualTo(now); // re-pinned
      } else {
        assertThat(now).isEqualTo(pinned.get(i)); // the cache carried over
      }
    }
  }

  @Test
  void nothingCarriesOverToAnotherAlgorithmOrTimeout() {
    Balancer b = build(spec, eps, null);
    b.pick(from("192.0.2.1", 1), 0);
    AffinityBalancer sameSpec = (AffinityBalancer) build(spec, eps, b);
    AffinityBalancer otherTimeout = (AffinityBalancer) build(spec.withClientIpAffinity(Duration.ofSeconds(5)), eps, b);
    AffinityBalancer otherAlgorithm = (AffinityBalancer) build(
        BalancerSpec.of(Algorithm.RANDOM).withClientIpAffinity(Duration.ofSeconds(100)), eps, b);
    assertThat(sameSpec.pinnedClients()).isEqualTo(1);
    assertThat(otherTimeout.pinnedClients()).isZero();
    assertThat(otherAlgorithm.pinnedClients()).isZero();
  }

  @Test
  void retriesWalkAwayFromThePinWithoutMovingIt() {
    Balancer b = build(spec, eps, null);
    InetSocketAddress c = from("192.0.2.7", 1000);
    Endpoint first = b.pick(c, 0);
    Endpoint second = b.pick(c, 1);
    assertThat(second).isNotEqualTo(first);
    assertThat(b.pick(c, 0)).isEqualTo(first);
  }
}
