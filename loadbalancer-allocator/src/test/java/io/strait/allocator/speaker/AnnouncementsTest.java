package io.strait.allocator.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strait.allocator.bgp.Advertisement;
import io.strait.allocator.config.BgpPeer;
import io.strait.allocator.config.Config;
import io.strait.allocator.config.ConfigParser;
import io.strait.allocator.config.RawObject;
import io.strait.allocator.l2.AnnouncerChoice.NodeView;
import io.strait.allocator.l2.L2Protocol;
import io.strait.lb.TrafficDistribution;
import io.strait.lb.TrafficPolicy;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.NodeInfo;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServiceType;
import io.strait.proxy.model.SliceInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Announcements reconcile fake ARP responders and BGP sessions with the whole desired state. */
class AnnouncementsTest {
    static final NodeInfo SELF = new NodeInfo("node-a", Map.of("rack", "r1"));
    static final List<NodeView> SELF_ONLY = List.of(new NodeView(SELF.name(), true, SELF.labels()));
    static final InetAddress IP = InetAddress.ofLiteral("10.0.0.7");

    final Map<String, Set<InetAddress>> l2 = new HashMap<>();     // "eth0" (ARP) or "eth0/NDP"
    final Map<String, List<Advertisement>> bgp = new HashMap<>();
    final List<String> opened = new ArrayList<>();
    final List<String> closed = new ArrayList<>();

    final Speakers fake = new Speakers() {
        @Override
        public L2 l2(String name, L2Protocol protocol) throws IOException {
            if (name.equals("missing0")) {
                throw new IOException("no such interface");
            }
            String itf = protocol == L2Protocol.ARP ? name : name + "/" + protocol;
            opened.add("l2:" + itf);
            return new L2() {
                @Override
                public void announce(Set<InetAddress> addresses) {
                    l2.put(itf, Set.copyOf(addresses));
                }

                @Override
                public void close() {
                    closed.add("l2:" + itf);
                    l2.remove(itf);
                }
            };
        }

        @Override
        public Bgp bgp(BgpPeer peer, String nodeName) {
            opened.add("bgp:" + peer.name());
            return new Bgp() {
                @Override
                public void set(Collection<Advertisement> advertisements) {
                    bgp.put(peer.name(), List.copyOf(advertisements));
                }

                @Override
                public boolean up() {
                    return true;
                }

                @Override
                public long updatesSent() {
                    return 0;
                }

                @Override
                public int prefixesAnnounced() {
                    return bgp.get(peer.name()).size();
                }

                @Override
                public void close() {
                    closed.add("bgp:" + peer.name());
                }
            };
        }

        @Override
        public List<String> defaultInterfaces() {
            return List.of("eth0", "eth1");
        }

        @Override
        public void close() {
        }
    };

    static Config config(RawObject... extra) throws Exception {
        List<RawObject> objects = new ArrayList<>(List.of(new RawObject("metallb.io/v1beta1", "IPAddressPool", "m", "p",
                Map.of("addresses", List.of("10.0.0.0/24", "fd00::/120")))));
        objects.addAll(List.of(extra));
        return ConfigParser.parse(objects);
    }

    static RawObject l2(List<String> interfaces) {
        return new RawObject("metallb.io/v1beta1", "L2Advertisement", "m", "l2", Map.of("interfaces", interfaces));
    }

    static RawObject peer(String name, String selectorRack) {
        Map<String, Object> spec = new HashMap<>(Map.of("myASN", 64513, "peerASN", 64512, "peerAddress", "10.244.0.2"));
        if (selectorRack != null) {
            spec.put("nodeSelectors", List.of(Map.of("matchLabels", Map.of("rack", selectorRack))));
        }
        return new RawObject("metallb.io/v1beta2", "BGPPeer", "m", name, spec);
    }

    static ClusterState state(InetAddress... ips) {
        ServiceInfo svc = new ServiceInfo(new ServiceName("shop", "web"), ServiceType.LOAD_BALANCER, List.of(),
                List.of(), List.of(ips), List.of(), null, TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER,
                TrafficDistribution.NONE, 0, List.of(), Map.of());
        SliceInfo slice = new SliceInfo(svc.name(), "web-1", List.of(), List.of(new EndpointAddress(
                InetAddress.ofLiteral("10.244.0.5"), SELF.name(), null, true, true, false, Set.of(), Set.of())), null);
        return new ClusterState(Map.of(svc.name(), svc), Map.of(svc.name(), List.of(slice)), SELF);
    }

    @Test
    void answersArpOnTheNamedInterfacesAndStopsWhenTheServiceGoes() throws Exception {
        Announcements a = new Announcements(fake);
        a.update(config(l2(List.of())), state(IP), SELF_ONLY, SELF.name());
        assertThat(l2).containsOnlyKeys("eth0", "eth1").containsEntry("eth0", Set.of(IP));
        assertThat(a.l2Addresses()).containsEntry("eth1", Map.of(L2Protocol.ARP, 1));

        a.update(config(l2(List.of())), state(), SELF_ONLY, SELF.name());
        assertThat(closed).containsExactlyInAnyOrder("l2:eth0", "l2:eth1");
        assertThat(a.l2Addresses()).isEmpty();
    }

    @Test
    void ipv6AddressesGetAnNdpResponderBesideTheArpOne() throws Exception {
        Announcements a = new Announcements(fake);
        InetAddress v6 = InetAddress.ofLiteral("fd00::7");
        a.update(config(l2(List.of("eth0"))), state(IP, v6), SELF_ONLY, SELF.name());
        assertThat(l2).containsOnly(Map.entry("eth0", Set.of(IP)), Map.entry("eth0/NDP", Set.of(v6)));
        assertThat(a.l2Addresses()).containsExactly(Map.entry("eth0", Map.of(L2Protocol.ARP, 1, L2Protocol.NDP, 1)));

        a.update(config(l2(List.of("eth0"))), state(IP), SELF_ONLY, SELF.name());
        assertThat(closed).containsExactly("l2:eth0/NDP");
        assertThat(a.l2Addresses()).containsExactly(Map.entry("eth0", Map.of(L2Protocol.ARP, 1)));

        a.update(config(l2(List.of("missing0"))), state(v6), SELF_ONLY, SELF.name());
        assertThat(a.problems()).singleElement().asString().contains("interface missing0", "cannot answer NDP",
                "fd00:0:0:0:0:0:0:7");
        a.close();
    }

    @Test
    void anotherNodeChosenMeansNoArpHere() throws Exception {
        Announcements a = new Announcements(fake);
        List<NodeView> nodes = new ArrayList<>(SELF_ONLY);
        for (int i = 0; i < 20; i++) {
            nodes.add(new NodeView("other-" + i, true, Map.of()));
        }
        a.update(config(l2(List.of("eth0"))), state(IP), nodes, SELF.name());
        // with 21 candidates, the SHA-256 choice is another node's (checked: stable inputs)
        assertThat(l2).isEmpty();
    }

    @Test
    void aMissingInterfaceIsAProblemNotACrash() throws Exception {
        Announcements a = new Announcements(fake);
        a.update(config(l2(List.of("missing0", "eth0"))), state(IP), SELF_ONLY, SELF.name());
        assertThat(l2).containsOnlyKeys("eth0");
        assertThat(a.problems()).singleElement().asString().contains("interface missing0", "10.0.0.7");

        a.update(config(l2(List.of("eth0"))), state(IP), SELF_ONLY, SELF.name());
        assertThat(a.problems()).isEmpty();
    }

    @Test
    void oneSessionPerSelectedPeerWithTheWholeRouteSet() throws Exception {
        Announcements a = new Announcements(fake);
        RawObject adv = new RawObject("metallb.io/v1beta1", "BGPAdvertisement", "m", "adv", Map.of());
        a.update(config(peer("here", "r1"), peer("elsewhere", "r2"), adv), state(IP), SELF_ONLY, SELF.name());
        assertThat(opened).containsExactly("bgp:here");
        assertThat(bgp.get("here")).extracting(x -> x.prefix().toString()).containsExactly("10.0.0.7/32");
        assertThat(a.bgpUp()).containsExactly(Map.entry("here", true));

        a.update(config(peer("here", "r1"), adv), state(), SELF_ONLY, SELF.name());
        assertThat(bgp.get("here")).isEmpty();
        assertThat(closed).isEmpty();

        a.update(config(adv), state(), SELF_ONLY, SELF.name());
        assertThat(closed).containsExactly("bgp:here");
        a.close();
    }

    @Test
    void aSpeakerThatFailedToStartIsRetriedWithoutAnotherUpdate() throws Exception {
        FakeSpeakers speakers = new FakeSpeakers();
        speakers.missing.add("eth9");
        Announcements a = speakers.announcements(Duration.ofMillis(20));
        a.update(config(l2(List.of("eth9"))), state(IP), SELF_ONLY, SELF.name());
        assertThat(speakers.l2).isEmpty();
        assertThat(a.problems()).singleElement().asString().contains("interface eth9");

        speakers.missing.clear();                                   // the interface appears later
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(speakers.l2).containsExactly(Map.entry("eth9", Set.of(IP))));
        assertThat(a.problems()).isEmpty();
        a.close();
    }

    @Test
    void retriesBackOffUpToTheCapAndStartOverAfterASuccess() throws Exception {
        FakeSpeakers speakers = new FakeSpeakers();
        speakers.missing.add("eth9");
        List<Long> delays = new CopyOnWriteArrayList<>();
        ScheduledThreadPoolExecutor immediate = new ScheduledThreadPoolExecutor(1) {
            @Override
            public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
                delays.add(unit.toMillis(delay));
                return delays.size() < 14 ? super.schedule(command, 0, unit) : super.schedule(command, 1, TimeUnit.HOURS);
            }
        };
        Announcements a = new Announcements(speakers, immediate, Duration.ofMillis(100));
        a.update(config(l2(List.of("eth9"))), state(IP), SELF_ONLY, SELF.name());
        await().atMost(Duration.ofSeconds(30)).until(() -> delays.size() == 14);
        assertThat(delays.subList(0, 5)).containsExactly(100L, 200L, 400L, 800L, 1600L);
        assertThat(delays.subList(9, 14)).containsOnly(Announcements.MAX_RETRY.toMillis());

        speakers.missing.clear();
        a.update(config(l2(List.of("eth9"))), state(IP), SELF_ONLY, SELF.name());   // succeeds: back-off resets
        speakers.missing.add("eth8");
        a.update(config(l2(List.of("eth9", "eth8"))), state(IP), SELF_ONLY, SELF.name());
        assertThat(delays.getLast()).isEqualTo(100L);
        a.close();
        assertThat(immediate.isShutdown()).isTrue();
    }
}
