package io.strait.allocator.announce;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.allocator.config.Config;
import io.strait.allocator.config.ConfigParser;
import io.strait.allocator.config.RawObject;
import io.strait.allocator.l2.AnnouncerChoice;
import io.strait.allocator.l2.AnnouncerChoice.NodeView;
import io.strait.proxy.model.ServiceName;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnnouncementPlannerTest {
    final List<NodeView> nodes = List.of(new NodeView("a", true, Map.of("zone", "x")),
            new NodeView("b", true, Map.of("zone", "y")), new NodeView("c", false, Map.of("zone", "x")));
    final InetAddress ip = InetAddress.ofLiteral("10.0.0.7");

    static Config config(RawObject... extra) throws Exception {
        var objects = new java.util.ArrayList<>(List.of(new RawObject("metallb.io/v1beta1", "IPAddressPool", "m", "p",
                Map.of("addresses", List.of("10.0.0.0/24", "fd00::/120")))));
        objects.addAll(List.of(extra));
        return ConfigParser.parse(objects);
    }

    AnnouncementPlanner.ServiceView svc(boolean local, Set<String> endpoints, InetAddress... ips) {
        return new AnnouncementPlanner.ServiceView(new ServiceName("shop", "web"), List.of(ips), "p", local, endpoints,
                true);
    }

    @Test
    void exactlyOneReadyNodeAnnouncesEachIpByLayer2() throws Exception {
        Config c = config(new RawObject("metallb.io/v1beta1", "L2Advertisement", "m", "l2",
                Map.of("interfaces", List.of("eth0"))));
        var s = List.of(svc(false, Set.of(), ip));
        var announcing = nodes.stream().map(NodeView::name)
                .filter(n -> AnnouncementPlanner.plan(c, s, nodes, n).l2ByInterface().getOrDefault("eth0", Set.of()).contains(ip))
                .toList();
        assertThat(announcing).hasSize(1).doesNotContain("c");
        assertThat(announcing.getFirst()).isEqualTo(AnnouncerChoice.choose(ip, List.of("a", "b")));
        // Local policy: only the node with a ready endpoint is eligible
        assertThat(AnnouncementPlanner.plan(c, List.of(svc(true, Set.of("b"), ip)), nodes, "b").l2ByInterface())
                .containsEntry("eth0", Set.of(ip));
    }

    @Test
    void ipv6AddressesAreAnnouncedByLayer2TooEachByItsOwnChoice() throws Exception {
        Config c = config(new RawObject("metallb.io/v1beta1", "L2Advertisement", "m", "l2", Map.of()));
        InetAddress v6 = InetAddress.ofLiteral("fd00::5");
        var s = List.of(svc(false, Set.of(), ip, v6));
        for (InetAddress address : List.of(ip, v6)) {
            var announcing = nodes.stream().map(NodeView::name).filter(n -> AnnouncementPlanner.plan(c, s, nodes, n)
                    .l2ByInterface().getOrDefault(AnnouncementPlan.ALL_INTERFACES, Set.of()).contains(address)).toList();
            assertThat(announcing).containsExactly(AnnouncerChoice.choose(address, List.of("a", "b")));
        }
    }

    @Test
    void bgpAdvertisesToSelectedPeersWithCommunitiesAndLocalPref() throws Exception {
        Config c = config(
                new RawObject("metallb.io/v1beta2", "BGPPeer", "m", "r1", Map.of("myASN", 64513, "peerASN", 64512,
                        "peerAddress", "192.0.2.1")),
                new RawObject("metallb.io/v1beta2", "BGPPeer", "m", "r2", Map.of("myASN", 64513, "peerASN", 64512,
                        "peerAddress", "192.0.2.2", "nodeSelectors", List.of(Map.of("matchLabels", Map.of("zone", "y"))))),
                new RawObject("metallb.io/v1beta1", "BGPAdvertisement", "m", "adv", Map.of("localPref", 150,
                        "communities", List.of("64512:7"))));
        InetAddress v6 = InetAddress.ofLiteral("fd00::5");
        var planA = AnnouncementPlanner.plan(c, List.of(svc(false, Set.of(), ip, v6)), nodes, "a");
        assertThat(planA.bgpByPeer()).containsOnlyKeys("r1");
        assertThat(planA.bgpByPeer().get("r1")).extracting(a -> a.prefix().toString())
                .containsExactly("10.0.0.7/32", "fd00:0:0:0:0:0:0:5/128");
        assertThat(planA.bgpByPeer().get("r1").getFirst().localPref()).isEqualTo(150);
        assertThat(AnnouncementPlanner.plan(c, List.of(svc(false, Set.of(), ip)), nodes, "b").bgpByPeer())
                .containsOnlyKeys("r1", "r2");
        assertThat(AnnouncementPlanner.plan(c, List.of(svc(true, Set.of("b"), ip)), nodes, "a").bgpByPeer()).isEmpty();
        assertThat(AnnouncementPlanner.plan(c, List.of(svc(false, Set.of(), ip)), nodes, "c").bgpByPeer()).isEmpty();
    }

    @Test
    void advertisementsChoosePoolsByNameOrLabelSelectorAndASelectorMatchingNothingChoosesNothing() throws Exception {
        Config c = ConfigParser.parse(List.of(
                new RawObject("metallb.io/v1beta1", "IPAddressPool", "m", "p",
                        Map.of("addresses", List.of("10.0.0.0/24")), Map.of("tier", "gold")),
                new RawObject("metallb.io/v1beta1", "IPAddressPool", "m", "q",
                        Map.of("addresses", List.of("10.1.0.0/24")), Map.of("tier", "silver")),
                new RawObject("metallb.io/v1beta1", "L2Advertisement", "m", "gold", Map.of("interfaces", List.of("eth0"),
                        "ipAddressPoolSelectors", List.of(Map.of("matchLabels", Map.of("tier", "gold"))))),
                new RawObject("metallb.io/v1beta1", "L2Advertisement", "m", "bronze", Map.of("interfaces", List.of("eth1"),
                        "ipAddressPoolSelectors", List.of(Map.of("matchLabels", Map.of("tier", "bronze"))))),
                new RawObject("metallb.io/v1beta1", "L2Advertisement", "m", "named", Map.of("interfaces", List.of("eth2"),
                        "ipAddressPools", List.of("q")))));
        InetAddress inQ = InetAddress.ofLiteral("10.1.0.7");
        var services = List.of(svc(false, Set.of(), ip), new AnnouncementPlanner.ServiceView(
                new ServiceName("shop", "db"), List.of(inQ), "q", false, Set.of(), true));
        var byInterface = new java.util.HashMap<String, Set<InetAddress>>();
        for (String n : List.of("a", "b")) {
            AnnouncementPlanner.plan(c, services, nodes, n).l2ByInterface()
                    .forEach((itf, ips) -> byInterface.computeIfAbsent(itf, k -> new java.util.HashSet<>()).addAll(ips));
        }
        assertThat(byInterface).containsOnlyKeys("eth0", "eth2");
        assertThat(byInterface.get("eth0")).containsExactly(ip);                 // gold pool by its label
        assertThat(byInterface.get("eth2")).containsExactly(inQ);                // q by name
    }

    @Test
    void anAggregationLengthAnnouncesOneCoveringPrefixForAllAddressesInIt() throws Exception {
        Config c = config(
                new RawObject("metallb.io/v1beta2", "BGPPeer", "m", "r1", Map.of("myASN", 64513, "peerASN", 64512,
                        "peerAddress", "192.0.2.1")),
                new RawObject("metallb.io/v1beta1", "BGPAdvertisement", "m", "agg", Map.of("aggregationLength", 24,
                        "aggregationLengthV6", 120)));
        var services = List.of(svc(false, Set.of(), ip, InetAddress.ofLiteral("fd00::5")),
                new AnnouncementPlanner.ServiceView(new ServiceName("shop", "db"),
                        List.of(InetAddress.ofLiteral("10.0.0.9"), InetAddress.ofLiteral("fd00::9")), "p", false, Set.of(), true));
        assertThat(AnnouncementPlanner.plan(c, services, nodes, "a").bgpByPeer().get("r1"))
                .extracting(a -> a.prefix().toString()).containsExactly("10.0.0.0/24", "fd00:0:0:0:0:0:0:0/120");
    }

    /** Two advertisements, one route: communities add up; differing localPrefs are reported, not hidden. */
    @Test
    void advertisementsGivingAPeerTheSamePrefixMergeCommunitiesAndReportALocalPrefConflict() throws Exception {
        RawObject peer = new RawObject("metallb.io/v1beta2", "BGPPeer", "m", "r1", Map.of("myASN", 64512,
                "peerASN", 64512, "peerAddress", "192.0.2.1"));
        Config agree = config(peer,
                new RawObject("metallb.io/v1beta1", "BGPAdvertisement", "m", "a-all", Map.of("localPref", 100,
                        "communities", List.of("64512:1"))),
                new RawObject("metallb.io/v1beta1", "BGPAdvertisement", "m", "b-tagged", Map.of("localPref", 100,
                        "communities", List.of("64512:2", "64512:1"), "peers", List.of("r1"))));
        AnnouncementPlan plan = AnnouncementPlanner.plan(agree, List.of(svc(false, Set.of(), ip)), nodes, "a");
        assertThat(plan.bgpByPeer().get("r1")).singleElement().satisfies(a -> {
            assertThat(a.prefix().toString()).isEqualTo("10.0.0.7/32");
            assertThat(a.communities()).extracting(Object::toString).containsExactly("64512:1", "64512:2");
            assertThat(a.localPref()).isEqualTo(100);
        });
        assertThat(plan.problems()).isEmpty();

        Config conflict = config(peer,
                new RawObject("metallb.io/v1beta1", "BGPAdvertisement", "m", "a-all", Map.of("localPref", 100)),
                new RawObject("metallb.io/v1beta1", "BGPAdvertisement", "m", "b-high", Map.of("localPref", 300)));
        AnnouncementPlan conflicting = AnnouncementPlanner.plan(conflict, List.of(svc(false, Set.of(), ip)), nodes, "a");
        assertThat(conflicting.bgpByPeer().get("r1")).singleElement()
                .satisfies(a -> assertThat(a.localPref()).isEqualTo(100));
        assertThat(conflicting.problems()).containsExactly("BGPAdvertisements a-all and b-high both announce"
                + " 10.0.0.7/32 to BGPPeer r1 with spec.localPref 100 and 300 (MetalLB refuses this); Strait sends 100");
    }

    @Test
    void aServiceWithoutAReadyEndpointIsAnnouncedByNoNode() throws Exception {
        Config c = config(new RawObject("metallb.io/v1beta1", "L2Advertisement", "m", "l2", Map.of()),
                new RawObject("metallb.io/v1beta2", "BGPPeer", "m", "r1", Map.of("myASN", 64513, "peerASN", 64512,
                        "peerAddress", "192.0.2.1")),
                new RawObject("metallb.io/v1beta1", "BGPAdvertisement", "m", "adv", Map.of()));
        var empty = List.of(new AnnouncementPlanner.ServiceView(new ServiceName("shop", "web"), List.of(ip), "p", false,
                Set.of(), false));
        for (String n : List.of("a", "b", "c")) {
            AnnouncementPlan plan = AnnouncementPlanner.plan(c, empty, nodes, n);
            assertThat(plan.l2ByInterface()).as(n).isEmpty();
            assertThat(plan.bgpByPeer()).as(n).isEmpty();
        }
        // an endpoint on no node of the cluster (an external address) is one: Cluster policy announces
        var external = List.of(svc(false, Set.of(), ip));
        assertThat(List.of("a", "b").stream().filter(n -> !AnnouncementPlanner.plan(c, external, nodes, n)
                .l2ByInterface().isEmpty())).hasSize(1);
    }
}
