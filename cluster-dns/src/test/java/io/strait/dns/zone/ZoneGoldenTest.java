package io.strait.dns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden answers, one test per record type of the Kubernetes DNS specification (schema 1.1.0). */
class ZoneGoldenTest {
    static final Zone ZONE = ZoneBuilder.build(Clusters.sample(), ZoneSettings.defaults(), 42).zone();
    static final String SOA = ";; AUTHORITY cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 42 7200 1800 86400 5";

    /** rcode, answers, authority and additional sections as dig would print them. */
    static List<String> ask(Zone zone, String name, RrType type) {
        Answer a = zone.lookup(name, type.code());
        List<String> out = new ArrayList<>();
        out.add(switch (a.rcode()) {
            case 0 -> "NOERROR";
            case 2 -> "SERVFAIL";
            case 3 -> "NXDOMAIN";
            default -> "rcode " + a.rcode();
        });
        a.answers().forEach(r -> out.add(r.toString()));
        a.authority().forEach(r -> out.add(";; AUTHORITY " + r));
        a.additional().forEach(r -> out.add(";; ADDITIONAL " + r));
        if (a.forwardTarget() != null) {
            out.add(";; FORWARD " + a.forwardTarget());
        }
        return out;
    }

    static List<String> ask(String name, RrType type) {
        return ask(ZONE, name, type);
    }

    @Test
    void schemaVersionTxt() { // 2.2
        assertThat(ask("dns-version.cluster.local.", RrType.TXT))
                .containsExactly("NOERROR", "dns-version.cluster.local. 5 IN TXT \"1.1.0\"");
    }

    @Test
    void clusterIpAandAaaa() { // 2.3.1, dual-stack
        assertThat(ask("kubernetes.default.svc.cluster.local", RrType.A))
                .containsExactly("NOERROR", "kubernetes.default.svc.cluster.local. 5 IN A 10.3.0.1");
        assertThat(ask("web.shop.svc.cluster.local", RrType.A))
                .containsExactly("NOERROR", "web.shop.svc.cluster.local. 5 IN A 10.96.0.10");
        assertThat(ask("web.shop.svc.cluster.local", RrType.AAAA))
                .containsExactly("NOERROR", "web.shop.svc.cluster.local. 5 IN AAAA fd00::10");
        assertThat(ask("kubernetes.default.svc.cluster.local", RrType.AAAA)) // single-stack: NODATA
                .containsExactly("NOERROR", SOA);
    }

    @Test
    void clusterIpSrvPerNamedPort() { // 2.3.2
        assertThat(ask("_https._tcp.kubernetes.default.svc.cluster.local", RrType.SRV)).containsExactly("NOERROR",
                "_https._tcp.kubernetes.default.svc.cluster.local. 5 IN SRV 0 100 443 kubernetes.default.svc.cluster.local.",
                ";; ADDITIONAL kubernetes.default.svc.cluster.local. 5 IN A 10.3.0.1");
        assertThat(ask("_dns._udp.web.shop.svc.cluster.local", RrType.SRV)).contains(
                "_dns._udp.web.shop.svc.cluster.local. 5 IN SRV 0 100 53 web.shop.svc.cluster.local.");
        assertThat(ask("_http._udp.web.shop.svc.cluster.local", RrType.SRV).getFirst()).isEqualTo("NXDOMAIN");
        // an unnamed port has no SRV record; "_tcp" above a named one is an empty non-terminal
        assertThat(ask("_tcp.web.shop.svc.cluster.local", RrType.SRV)).containsExactly("NOERROR", SOA);
        assertThat(ZONE.records().keySet()).noneMatch(n -> n.endsWith("single.shop.svc.cluster.local") && n.startsWith("_"));
    }

    @Test
    void clusterIpPtr() { // 2.3.3, and its IPv6 form (ip6.arpa nibbles)
        assertThat(ask("1.0.3.10.in-addr.arpa", RrType.PTR))
                .containsExactly("NOERROR", "1.0.3.10.in-addr.arpa. 5 IN PTR kubernetes.default.svc.cluster.local.");
        assertThat(ask("0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa", RrType.PTR))
                .containsExactly("NOERROR", "0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa. 5 IN PTR web.shop.svc.cluster.local.");
        assertThat(ZONE.lookup("9.9.9.10.in-addr.arpa", RrType.PTR.code())).as("not ours: forwarded").isNull();
        // found by the unbound differential test: a held reverse name asked for another type is NODATA
        // (it was NXDOMAIN with the cluster zone's SOA)
        assertThat(ask("1.0.3.10.in-addr.arpa", RrType.A)).containsExactly("NOERROR");
    }

    @Test
    void headlessAPerReadyEndpoint() { // 2.4.1
        assertThat(ask("headless.default.svc.cluster.local", RrType.A)).containsExactly("NOERROR",
                "headless.default.svc.cluster.local. 5 IN A 10.3.0.100",
                "headless.default.svc.cluster.local. 5 IN A 10.3.0.2");
        assertThat(ask("headless.default.svc.cluster.local", RrType.AAAA)).containsExactly("NOERROR",
                "headless.default.svc.cluster.local. 5 IN AAAA fd00::2:5");
        assertThat(ask("my-pet.headless.default.svc.cluster.local", RrType.A)).containsExactly("NOERROR",
                "my-pet.headless.default.svc.cluster.local. 5 IN A 10.3.0.100");
        assertThat(ask("10-3-0-2.headless.default.svc.cluster.local", RrType.A)).containsExactly("NOERROR",
                "10-3-0-2.headless.default.svc.cluster.local. 5 IN A 10.3.0.2");
        assertThat(ask("10-3-0-3.headless.default.svc.cluster.local", RrType.A).getFirst()).isEqualTo("NXDOMAIN");
    }

    @Test
    void headlessWithoutReadyEndpointsIsNxdomainAndPublishNotReadyAddressesHonoured() {
        assertThat(ask("empty.default.svc.cluster.local", RrType.A)).containsExactly("NXDOMAIN", SOA);
        assertThat(ask("tolerant.default.svc.cluster.local", RrType.A)).containsExactly("NOERROR",
                "tolerant.default.svc.cluster.local. 5 IN A 10.3.1.9");
    }

    @Test
    void headlessSrvPerReadyEndpointAndNamedPort() { // 2.4.2
        assertThat(ask("_https._tcp.headless.default.svc.cluster.local", RrType.SRV)).containsExactly("NOERROR",
                "_https._tcp.headless.default.svc.cluster.local. 5 IN SRV 0 33 8443 10-3-0-2.headless.default.svc.cluster.local.",
                "_https._tcp.headless.default.svc.cluster.local. 5 IN SRV 0 33 8443 fd00--2-5.headless.default.svc.cluster.local.",
                "_https._tcp.headless.default.svc.cluster.local. 5 IN SRV 0 33 8443 my-pet.headless.default.svc.cluster.local.",
                ";; ADDITIONAL 10-3-0-2.headless.default.svc.cluster.local. 5 IN A 10.3.0.2",
                ";; ADDITIONAL fd00--2-5.headless.default.svc.cluster.local. 5 IN AAAA fd00::2:5",
                ";; ADDITIONAL my-pet.headless.default.svc.cluster.local. 5 IN A 10.3.0.100");
    }

    @Test
    void headlessPtr() { // 2.4.3
        assertThat(ask("100.0.3.10.in-addr.arpa.", RrType.PTR)).containsExactly("NOERROR",
                "100.0.3.10.in-addr.arpa. 5 IN PTR my-pet.headless.default.svc.cluster.local.");
        assertThat(ZONE.lookup("3.0.3.10.in-addr.arpa", RrType.PTR.code())).as("not-ready endpoint").isNull();
    }

    @Test
    void externalNameCname() { // 2.5: answered for any type; the outside target is left to the forwarder
        assertThat(ask("foo.default.svc.cluster.local", RrType.A)).containsExactly("NOERROR",
                "foo.default.svc.cluster.local. 5 IN CNAME www.example.com.", ";; FORWARD www.example.com");
        assertThat(ask("foo.default.svc.cluster.local", RrType.CNAME)).containsExactly("NOERROR",
                "foo.default.svc.cluster.local. 5 IN CNAME www.example.com.");
    }

    @Test
    void cnameChainsInsideTheZoneAreFollowedAndLoopsAreServfail() {
        assertThat(ask("alias.default.svc.cluster.local", RrType.A)).containsExactly("NOERROR",
                "alias.default.svc.cluster.local. 5 IN CNAME web.shop.svc.cluster.local.",
                "web.shop.svc.cluster.local. 5 IN A 10.96.0.10");
        assertThat(ask("loop-a.default.svc.cluster.local", RrType.A)).containsExactly("SERVFAIL");
    }

    @Test
    void podRecordsInsecureAndDisabled() { // 2.6 (deprecated, still required), CoreDNS's pods option
        assertThat(ask("10-244-1-5.shop.pod.cluster.local", RrType.A)).containsExactly("NOERROR",
                "10-244-1-5.shop.pod.cluster.local. 5 IN A 10.244.1.5");
        assertThat(ask("fd00--1.shop.pod.cluster.local", RrType.AAAA)).containsExactly("NOERROR",
                "fd00--1.shop.pod.cluster.local. 5 IN AAAA fd00::1");
        assertThat(ask("10-244-1-5.shop.pod.cluster.local", RrType.AAAA)).containsExactly("NOERROR", SOA);
        assertThat(ask("10-244-1-256.shop.pod.cluster.local", RrType.A).getFirst()).isEqualTo("NXDOMAIN");
        assertThat(ask("shop.pod.cluster.local", RrType.A)).containsExactly("NOERROR", SOA);
        Zone disabled = ZoneBuilder.build(Clusters.sample(),
                new ZoneSettings("cluster.local", 5, PodsMode.DISABLED), 42).zone();
        assertThat(ask(disabled, "10-244-1-5.shop.pod.cluster.local", RrType.A)).containsExactly("NXDOMAIN", SOA);
    }

    @Test
    void caseInsensitiveNxdomainVersusNodataAndConfigurableTtl() {
        assertThat(ask("WEB.Shop.SVC.cluster.LOCAL.", RrType.A))
                .containsExactly("NOERROR", "web.shop.svc.cluster.local. 5 IN A 10.96.0.10");
        assertThat(ask("nope.shop.svc.cluster.local", RrType.A)).containsExactly("NXDOMAIN", SOA);
        assertThat(ask("shop.svc.cluster.local", RrType.A)).containsExactly("NOERROR", SOA);
        assertThat(ask("svc.cluster.local", RrType.A)).containsExactly("NOERROR", SOA);
        assertThat(ask("nosuchns.svc.cluster.local", RrType.A)).containsExactly("NXDOMAIN", SOA);
        assertThat(ask("web.shop.svc.cluster.local", RrType.TXT)).containsExactly("NOERROR", SOA);
        assertThat(ask("cluster.local", RrType.SOA).get(1)).startsWith("cluster.local. 5 IN SOA ");
        assertThat(ZONE.lookup("example.org", RrType.A.code())).as("outside the zone").isNull();
        Zone slow = ZoneBuilder.build(Clusters.sample(), new ZoneSettings("Corp.Example.", 30, PodsMode.INSECURE), 1).zone();
        assertThat(ask(slow, "web.shop.svc.corp.example", RrType.A))
                .containsExactly("NOERROR", "web.shop.svc.corp.example. 30 IN A 10.96.0.10");
    }
}
