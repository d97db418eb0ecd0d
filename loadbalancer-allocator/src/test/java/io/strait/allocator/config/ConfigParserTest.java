package io.strait.allocator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
    static RawObject pool(String name, Map<String, Object> spec) {
        return new RawObject("metallb.io/v1beta1", "IPAddressPool", "metallb-system", name, spec);
    }

    @Test
    void parsesPoolsWithCidrsRangesAndDefaults() throws Exception {
        Config c = ConfigParser.parse(List.of(
                pool("a", Map.of("addresses", List.of("10.0.0.0/30", "10.0.1.5-10.0.1.6", "fd00::/126"))),
                pool("b", Map.of("addresses", List.of("192.168.0.0/24"), "autoAssign", false, "avoidBuggyIPs", true,
                        "serviceAllocation", Map.of("priority", 5, "namespaces", List.of("prod"))))));
        Pool a = c.pools().get("a");
        assertThat(a.autoAssign()).isTrue();
        assertThat(a.total()).isEqualTo(4 + 2 + 4);
        assertThat(a.contains(InetAddress.ofLiteral("10.0.1.6"))).isTrue();
        assertThat(a.contains(InetAddress.ofLiteral("10.0.1.7"))).isFalse();
        Pool b = c.pools().get("b");
        assertThat(b.total()).isEqualTo(254);
        assertThat(b.contains(InetAddress.ofLiteral("192.168.0.255"))).isFalse();
        assertThat(b.priority()).isEqualTo(5);
        assertThat(b.allows("prod", Map.of(), Map.of())).isTrue();
        assertThat(b.allows("dev", Map.of(), Map.of())).isFalse();
    }

    @Test
    void errorsNameObjectAndField() {
        assertThatThrownBy(() -> ConfigParser.parse(List.of(
                pool("bad", Map.of("addresses", List.of("10.0.0.9-10.0.0.1", "nonsense"), "autoAssign", "yes")))))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "IPAddressPool metallb-system/bad: spec.addresses[0]: \"10.0.0.9-10.0.0.1\" starts after it ends",
                        "IPAddressPool metallb-system/bad: spec.addresses[1]: \"nonsense\" is not a CIDR or an a-b range",
                        "IPAddressPool metallb-system/bad: spec.autoAssign: expected true or false, got yes"));
    }

    @Test
    void overlappingPoolsAndUnknownPoolReferencesAreRejected() {
        assertThatThrownBy(() -> ConfigParser.parse(List.of(
                pool("a", Map.of("addresses", List.of("10.0.0.0/24"))),
                pool("b", Map.of("addresses", List.of("10.0.0.128-10.0.1.0"))),
                new RawObject("metallb.io/v1beta1", "L2Advertisement", "metallb-system", "l2",
                        Map.of("ipAddressPools", List.of("c"))))))
                .hasMessageContaining("IPAddressPool b: spec.addresses: 10.0.0.128-10.0.1.0 overlaps 10.0.0.0-10.0.0.255 of IPAddressPool a")
                .hasMessageContaining("L2Advertisement metallb-system/l2: spec.ipAddressPools[0]: no IPAddressPool named \"c\"");
    }

    @Test
    void parsesPeersAndBgpAdvertisements() throws Exception {
        Config c = ConfigParser.parse(List.of(
                pool("a", Map.of("addresses", List.of("10.0.0.0/24"))),
                new RawObject("metallb.io/v1beta2", "BGPPeer", "metallb-system", "bird",
                        Map.of("myASN", 64513, "peerASN", 64512, "peerAddress", "10.244.0.2", "holdTime", "9s")),
                new RawObject("metallb.io/v1beta1", "BGPAdvertisement", "metallb-system", "adv",
                        Map.of("communities", List.of("64512:100", "large:64512:1:2"), "localPref", 200))));
        BgpPeer p = c.bgpPeers().getFirst();
        assertThat(p.holdTime()).isEqualTo(Duration.ofSeconds(9));
        assertThat(p.keepaliveTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(p.peerPort()).isEqualTo(179);
        assertThat(p.ref()).isEqualTo("metallb-system/bird");
        assertThat(p.routerId()).isNull();
        BgpAdvertisement a = c.bgpAdvertisements().getFirst();
        assertThat(a.communities()).extracting(Community::toString).containsExactly("64512:100", "large:64512:1:2");
        assertThat(a.aggregationLength()).isEqualTo(32);
        assertThatThrownBy(() -> ConfigParser.parse(List.of(new RawObject("metallb.io/v1beta2", "BGPPeer", "x", "p",
                Map.of("myASN", 1, "peerAddress", "1.2.3", "holdTime", "2s")))))
                .hasMessageContaining("BGPPeer x/p: spec.peerASN: missing")
                .hasMessageContaining("BGPPeer x/p: spec.peerAddress: not an IP address")
                .hasMessageContaining("BGPPeer x/p: spec.holdTime: must be 0 or at least 3s");
    }

    /** A BGP Identifier is four octets: an IPv6 routerID used to become 0.0.0.1 silently. */
    @Test
    void routerIdMustBeANonZeroIpv4Address() throws Exception {
        for (var bad : Map.of("fd00::1", "spec.routerID: \"fd00:0:0:0:0:0:0:1\" is not an IPv4 address",
                "0.0.0.0", "spec.routerID: 0.0.0.0 is not a valid BGP Identifier").entrySet()) {
            assertThatThrownBy(() -> ConfigParser.parse(List.of(new RawObject("metallb.io/v1beta2", "BGPPeer", "x", "p",
                    Map.of("myASN", 1, "peerASN", 2, "peerAddress", "fd00::2", "routerID", bad.getKey())))))
                    .hasMessageContaining("BGPPeer x/p: " + bad.getValue());
        }
        Config ok = ConfigParser.parse(List.of(new RawObject("metallb.io/v1beta2", "BGPPeer", "x", "p",
                Map.of("myASN", 1, "peerASN", 2, "peerAddress", "fd00::2", "routerID", "10.0.0.7"))));
        assertThat(ok.bgpPeers().getFirst().routerId()).isEqualTo(java.net.InetAddress.ofLiteral("10.0.0.7"));
    }

    @Test
    void invalidConfigKeepsTheLastGoodOneAndIsStale() {
        ConfigState state = new ConfigState();
        assertThat(state.update(List.of(pool("a", Map.of("addresses", List.of("10.0.0.0/24")))))).isTrue();
        Config good = state.current();
        assertThat(state.update(List.of(pool("a", Map.of("addresses", List.of("10.0.0.0/33")))))).isFalse();
        assertThat(state.current()).isSameAs(good);
        assertThat(state.stale()).isTrue();
        assertThat(state.problems()).singleElement().asString().contains("spec.addresses[0]");
        state.update(List.of(pool("a", Map.of("addresses", List.of("10.0.0.0/24")))));
        assertThat(state.stale()).isFalse();
    }

    @Test
    void anAggregateWiderThanAPoolsBlocksIsRejected() {
        RawObject pool = new RawObject("metallb.io/v1beta1", "IPAddressPool", "m", "p",
                Map.of("addresses", List.of("10.0.0.0/28", "10.0.1.5-10.0.1.9")));
        assertThatThrownBy(() -> ConfigParser.parse(List.of(pool, new RawObject("metallb.io/v1beta1",
                "BGPAdvertisement", "m", "wide", Map.of("aggregationLength", 26)))))
                .hasMessageContaining("BGPAdvertisement m/wide: spec.aggregationLength: 26 is shorter than /28, the widest "
                        + "block of 10.0.0.0-10.0.0.15 in IPAddressPool p")
                .hasMessageContaining("26 is shorter than /31, the widest block of 10.0.1.5-10.0.1.9");
        assertThatThrownBy(() -> ConfigParser.parse(List.of(pool, new RawObject("metallb.io/v1beta1",
                "BGPAdvertisement", "m", "w30", Map.of("aggregationLength", 30)))))
                .hasMessageContaining("30 is shorter than /31, the widest block of 10.0.1.5-10.0.1.9")
                .hasMessageNotContaining("10.0.0.0-10.0.0.15");
        assertThatCode(() -> ConfigParser.parse(List.of(pool, new RawObject("metallb.io/v1beta1",
                "BGPAdvertisement", "m", "narrow", Map.of("aggregationLength", 31))))).doesNotThrowAnyException();
        // an advertisement for another pool does not judge this one
        assertThatCode(() -> ConfigParser.parse(List.of(pool, new RawObject("metallb.io/v1beta1", "IPAddressPool", "m",
                "big", Map.of("addresses", List.of("10.9.0.0/16"))), new RawObject("metallb.io/v1beta1",
                "BGPAdvertisement", "m", "big", Map.of("aggregationLength", 16, "ipAddressPools", List.of("big"))))))
                .doesNotThrowAnyException();
    }

    @Test
    void widestBlockOfARangeIsItsShortestCidr() {
        assertThat(ConfigParser.widestBlock(ConfigParser.range("0.0.0.0/0"))).isZero();
        assertThat(ConfigParser.widestBlock(ConfigParser.range("10.0.0.0/24"))).isEqualTo(24);
        assertThat(ConfigParser.widestBlock(ConfigParser.range("10.0.0.5-10.0.0.9"))).isEqualTo(31);
        assertThat(ConfigParser.widestBlock(ConfigParser.range("10.0.0.1-10.0.0.1"))).isEqualTo(32);
        assertThat(ConfigParser.widestBlock(ConfigParser.range("10.0.0.1-10.0.1.254"))).isEqualTo(25);
        assertThat(ConfigParser.widestBlock(ConfigParser.range("fd00::/120"))).isEqualTo(120);
    }

    static RawObject peer(Map<String, Object> extra) {
        Map<String, Object> spec = new java.util.HashMap<>(Map.of("myASN", 64513, "peerASN", 64512,
                "peerAddress", "10.244.0.2"));
        spec.putAll(extra);
        return new RawObject("metallb.io/v1beta2", "BGPPeer", "metallb-system", "tor", spec);
    }

    /** Nothing a user configured is silently dropped: a field Strait does not implement is refused by name. */
    @Test
    void aFieldStraitDoesNotImplementIsRefusedByNameNotIgnored() {
        assertThatThrownBy(() -> ConfigParser.parse(List.of(
                peer(Map.of("bfdProfile", "fast", "passwordSecret", Map.of("name", "s"), "holdtime", "9s")),
                pool("a", Map.of("addresses", List.of("10.0.0.0/24"), "serviceAllocation",
                        Map.of("priority", 1, "namespace", List.of("prod")))),
                new RawObject("metallb.io/v1beta1", "L2Advertisement", "metallb-system", "l2",
                        Map.of("serviceSelectors", List.of(Map.of("matchLabels", Map.of("a", "b"))))))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "IPAddressPool metallb-system/a: spec.serviceAllocation.namespace: Strait does not implement this"
                                + " field (it is refused rather than ignored)",
                        "L2Advertisement metallb-system/l2: spec.serviceSelectors: Strait does not implement this field;"
                                + " the advertisement would apply to every Service of its pools (it is refused rather"
                                + " than ignored)",
                        "BGPPeer metallb-system/tor: spec.bfdProfile: Strait does not implement this field; MetalLB's"
                                + " own native BGP mode refuses it too (it needs FRR) (it is refused rather than ignored)",
                        "BGPPeer metallb-system/tor: spec.holdtime: Strait does not implement this field (it is"
                                + " refused rather than ignored)",
                        "BGPPeer metallb-system/tor: spec.passwordSecret: Strait does not implement this field; put the"
                                + " password in spec.password (it is refused rather than ignored)"));
    }

    /** Empty values mean "off": a MetalLB manifest that spells its defaults out still applies. */
    @Test
    void fieldsLeftAtTheirEmptyValueAreAccepted() throws Exception {
        Config c = ConfigParser.parse(List.of(peer(Map.of("bfdProfile", "", "enableGracefulRestart", false,
                "vrf", "", "ebgpMultiHop", true, "sourceAddress", "10.244.0.9", "disableMP", false))));
        assertThat(c.bgpPeers().getFirst().sourceAddress()).isEqualTo(InetAddress.ofLiteral("10.244.0.9"));
        assertThat(ConfigParser.parse(List.of(peer(Map.of()))).bgpPeers().getFirst().sourceAddress()).isNull();
    }

    @Test
    void communityAliasesFromCommunityObjectsAreResolved() throws Exception {
        RawObject aliases = new RawObject("metallb.io/v1beta1", "Community", "metallb-system", "communities",
                Map.of("communities", List.of(Map.of("name", "no-export-ish", "value", "65535:65281"),
                        Map.of("name", "big", "value", "large:64512:7:8"))));
        Config c = ConfigParser.parse(List.of(pool("a", Map.of("addresses", List.of("10.0.0.0/24"))), aliases,
                new RawObject("metallb.io/v1beta1", "BGPAdvertisement", "metallb-system", "adv",
                        Map.of("communities", List.of("no-export-ish", "big", "64512:1")))));
        assertThat(c.bgpAdvertisements().getFirst().communities()).extracting(Community::toString)
                .containsExactly("65535:65281", "large:64512:7:8", "64512:1");
        RawObject again = new RawObject("metallb.io/v1beta1", "Community", "other", "more",
                Map.of("communities", List.of(Map.of("name", "big", "value", "1:1"), Map.of("name", "bad", "value", "x"))));
        assertThatThrownBy(() -> ConfigParser.parse(List.of(aliases, again,
                new RawObject("metallb.io/v1beta1", "BGPAdvertisement", "metallb-system", "adv",
                        Map.of("communities", List.of("missing"))))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "Community other/more: spec.communities[0].name: the community alias \"big\" is defined twice",
                        "Community other/more: spec.communities[1].value: \"x\" is not A:B (or large:A:B:C)",
                        "BGPAdvertisement metallb-system/adv: spec.communities[0]: \"missing\" is not A:B (or"
                                + " large:A:B:C) and no Community object defines it as an alias"));
    }
}
