package io.strait.lb;

import static io.strait.lb.Fixtures.addr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Endpoint, Algorithm and BalancerSpec validation. */
class ApiTest {
  @Test
  void keysAreIpColonPortWithBracketedIpv6() {
    assertThat(Endpoint.of(addr("10.1.2.3", 80)).key()).isEqualTo("10.1.2.3:80");
    assertThat(Endpoint.of(addr("2001:db8::1", 443)).key()).isEqualTo("[2001:db8:0:0:0:0:0:1]:443");
  }

  @Test
  void endpointsValidateWeightAddressAndCopyHints() {
    assertThatThrownBy(() -> Endpoint.of(addr("10.0.0.1", 80)).withWeight(0))
        .hasMessageContaining("weight 0 is outside 1..65535");
    assertThatThrownBy(() -> Endpoint.of(InetSocketAddress.createUnresolved("pod.example", 80)))
        .hasMessageContaining("must be a resolved IP address");
    Set<String> zones = new java.util.HashSet<>(Set.of("a"));
    Endpoint e = new Endpoint(addr("10.0.0.1", 80), 1, null, null, true, true, false, zones, Set.of());
    zones.add("b");
    assertThat(e.zoneHints()).containsExactly("a");
  }

  @Test
  void duplicateKeysAreRejected() {
    assertThatThrownBy(() -> Balancers.build(BalancerSpec.of(Algorithm.RANDOM),
        List.of(Fixtures.endpoint(1), Fixtures.endpoint(1).withWeight(3)), null, e -> 0))
        .hasMessageContaining("10.0.0.1:8080 is listed twice");
  }

  @Test
  void algorithmsParseByWireNameAndRejectOthersNamingThem() {
    for (Algorithm a : Algorithm.values()) {
      assertThat(Algorithm.parse(a.wireName())).isEqualTo(a);
    }
    assertThat(Algorithm.parse("weighted-round-robin")).isEqualTo(Algorithm.WEIGHTED_ROUND_ROBIN);
    assertThatThrownBy(() -> Algorithm.parse("lc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown load-balancing algorithm 'lc'; allowed: round-robin | weighted-round-robin"
            + " | least-connections | p2c | maglev | random");
    assertThatThrownBy(() -> Algorithm.parse(null)).hasMessageContaining("'null'");
  }

  @Test
  void specsValidate() {
    assertThatThrownBy(() -> new BalancerSpec(Algorithm.MAGLEV, true, Duration.ZERO, 16_381))
        .hasMessageContaining("affinityTimeout must be positive");
    assertThat(BalancerSpec.of(Algorithm.P2C).affinityTimeout()).isEqualTo(Duration.ofSeconds(10_800));
    assertThatThrownBy(() -> Balancers.build(BalancerSpec.of(Algorithm.P2C), List.of(), null, null))
        .hasMessageContaining("p2c needs activeConnections");
  }

  @Test
  void endpointsAreSortedByKey() {
    Balancer b = Balancers.build(BalancerSpec.of(Algorithm.ROUND_ROBIN),
        List.of(Fixtures.endpoint(3), Fixtures.endpoint(1), Fixtures.endpoint(2)), null, e -> 0);
    assertThat(b.endpoints()).containsExactly(Fixtures.endpoint(1), Fixtures.endpoint(2), Fixtures.endpoint(3));
  }
}
