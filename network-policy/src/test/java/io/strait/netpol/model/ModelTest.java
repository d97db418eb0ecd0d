package io.strait.netpol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {
    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front");

    @Test
    void labelSelectorOperatorsFollowKubernetes() {
        assertThat(LabelSelector.EVERYTHING.matches(Map.of())).isTrue();
        assertThat(LabelSelector.of(Map.of("app", "web")).matches(WEB)).isTrue();
        assertThat(LabelSelector.of(Map.of("app", "web", "x", "y")).matches(WEB)).isFalse();
        assertThat(req("app", Requirement.Operator.IN, "web", "db").matches(WEB)).isTrue();
        assertThat(req("app", Requirement.Operator.IN, "db").matches(WEB)).isFalse();
        assertThat(req("zone", Requirement.Operator.IN, "a").matches(WEB)).isFalse();
        assertThat(req("app", Requirement.Operator.NOT_IN, "db").matches(WEB)).isTrue();
        assertThat(req("app", Requirement.Operator.NOT_IN, "web").matches(WEB)).isFalse();
        assertThat(req("zone", Requirement.Operator.NOT_IN, "a").matches(WEB)).as("NotIn matches an absent key").isTrue();
        assertThat(req("tier", Requirement.Operator.EXISTS).matches(WEB)).isTrue();
        assertThat(req("zone", Requirement.Operator.EXISTS).matches(WEB)).isFalse();
        assertThat(req("zone", Requirement.Operator.DOES_NOT_EXIST).matches(WEB)).isTrue();
        assertThat(req("app", Requirement.Operator.DOES_NOT_EXIST).matches(WEB)).isFalse();
        var both = new LabelSelector(Map.of("app", "web"), List.of(new Requirement("tier", Requirement.Operator.IN, List.of("back"))));
        assertThat(both.matches(WEB)).as("matchLabels AND matchExpressions").isFalse();
    }

    private static LabelSelector req(String key, Requirement.Operator op, String... values) {
        return new LabelSelector(Map.of(), List.of(new Requirement(key, op, List.of(values))));
    }

    @Test
    void cidrsParseStrictlyClearHostBitsAndContain() {
        assertThat(Cidr.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(Cidr.parse("10.0.0.0/8").contains(Ips.parse("10.255.0.1"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(Ips.parse("11.0.0.1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Ips.parse("1.2.3.4"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Ips.parse("::1"))).as("families never mix").isFalse();
        assertThat(Cidr.parse("fd00:1::/32").contains(Ips.parse("fd00:1:ffff::9"))).isTrue();
        assertThat(Cidr.parse("fd00:1::/32").contains(Ips.parse("fd00:2::9"))).isFalse();
        assertThat(Cidr.parse("fd00::1/128").contains(Ips.parse("fd00::1"))).isTrue();
        assertThat(Cidr.parse("fd00::1/128").contains(Ips.parse("fd00::2"))).isFalse();
        assertThat(Cidr.parse("2001:db8:0:0:1::/80")).hasToString("2001:db8:0:0:1::/80");
        assertThat(Cidr.parse("10.0.0.0/8").covers(Cidr.parse("10.1.0.0/16"))).isTrue();
        assertThat(Cidr.parse("10.1.0.0/16").covers(Cidr.parse("10.0.0.0/8"))).isFalse();
        for (String bad : List.of("10.0.0/8", "10.0.0.0", "10.0.0.0/33", "010.0.0.0/8", "256.0.0.0/8", "web/8", "fd00::/129")) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void ipv6IsPrintedInRfc5952Form() {
        assertThat(Ips.format(Ips.parse("fd00:0:0:0:0:0:0:1"))).isEqualTo("fd00::1");
        assertThat(Ips.format(Ips.parse("2001:db8:0:1:0:0:0:1"))).isEqualTo("2001:db8:0:1::1");
        assertThat(Ips.format(Ips.parse("::"))).isEqualTo("::");
        assertThat(Ips.format(Ips.parse("1:0:2:0:3:0:4:0"))).isEqualTo("1:0:2:0:3:0:4:0");
    }
}
