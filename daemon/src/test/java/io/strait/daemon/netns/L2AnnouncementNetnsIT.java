package io.strait.daemon.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strait.allocator.l2.AnnouncerChoice;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daemon announces by ARP (IPv4) and NDP (IPv6) what it allocated: two nodes run Strait
 * standalone (child processes) on the same folder contents (a dual-stack pool, L2Advertisement,
 * both Nodes, one dual-stack LoadBalancer Service); the client on the underlay resolves each LB IP
 * to the MAC of the node {@link AnnouncerChoice} picks and reaches a pod through it over TCP. Then
 * the Service becomes {@code externalTrafficPolicy: Local} with its only endpoint on the other
 * node: the chosen node stops answering, the other sends gratuitous ARP and unsolicited neighbour
 * advertisements, and the client's neighbour entries move to it. Nodes set {@code arp_ignore=1} so
 * their kernels do not answer ARP for the AnyIP-routed LB range themselves; for IPv6 nothing is
 * needed (Linux answers solicitations only for addresses on the receiving interface). IPv6
 * addresses are added with {@code nodad}, usable at once. The IPv6 LB IP is requested so that the
 * same node is first chosen for both addresses, and both entries move.
 *
 * <pre>
 *   client 10.200.0.100 fd20::100 ─ br0 ─┬─ node a 10.200.0.11 fd20::11 ── pod a1
 *                                        └─ node b 10.200.0.12 fd20::12 ── pod b1   LB pool 10.200.0.240/28, fd20::f0/124
 * </pre>
 */
class L2AnnouncementNetnsIT {
    @RegisterExtension
    static final NetnsCluster cluster = new NetnsCluster();
    static final String LB_IP = "10.200.0.240";
    static final String LB_IP6 = IntStream.rangeClosed(0xf0, 0xff).mapToObj(i -> "fd20::" + Integer.toHexString(i))
            .filter(v6 -> AnnouncerChoice.choose(InetAddress.ofLiteral(v6), List.of("a", "b"))
                    .equals(AnnouncerChoice.choose(InetAddress.ofLiteral(LB_IP), List.of("a", "b"))))
            .findFirst().orElseThrow();
    static final Pattern LLADDR = Pattern.compile("lladdr ([0-9a-f:]{17})");

    static Node a;
    static Node b;
    static Pod a1;
    static Pod b1;
    static Client client;

    @BeforeAll
    static void setUp() throws Exception {
        a = cluster.node("a");
        b = cluster.node("b");
        a1 = cluster.pod(a, "a1");
        b1 = cluster.pod(b, "b1");
        client = cluster.client("c");
        Cmd.in(client.ns(), "sysctl", "-qw", "net.ipv4.conf.all.arp_accept=1", "net.ipv4.conf.eth0.arp_accept=1");
        Cmd.run("ip", "-n", client.ns(), "-6", "addr", "add", "fd20::100/64", "dev", "eth0", "nodad");
        for (Node n : List.of(a, b)) {
            Cmd.in(n.ns(), "sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1");
            Cmd.run("ip", "-n", n.ns(), "-6", "addr", "add", "fd20::" + n.ip().substring(n.ip().lastIndexOf('.') + 1) + "/64",
                    "dev", "eth0", "nodad");
            n.write("metallb.yaml", """
                    apiVersion: metallb.io/v1beta1
                    kind: IPAddressPool
                    metadata: {name: l2-pool, namespace: metallb-system}
                    spec: {addresses: ["10.200.0.240/28", "fd20::f0/124"]}
                    ---
                    apiVersion: metallb.io/v1beta1
                    kind: L2Advertisement
                    metadata: {name: l2, namespace: metallb-system}
                    spec: {ipAddressPools: [l2-pool], interfaces: [eth0]}
                    ---
                    apiVersion: v1
                    kind: Node
                    metadata: {name: a}
                    ---
                    apiVersion: v1
                    kind: Node
                    metadata: {name: b}
                    """);
            n.write("web.yaml", web("", List.of(a1, b1)));
            n.startStrait("10.96.0.0/16,10.200.0.240/28,fd96::/112,fd20::f0/124");
        }
    }

    static String web(String extraSpec, List<Pod> endpoints) {
        String dualStack = "clusterIPs: [10.96.0.10, \"fd96::10\"]\nipFamilyPolicy: RequireDualStack\n"
                + "ipFamilies: [IPv4, IPv6]\n";
        return Manifests.service("web", "LoadBalancer", "10.96.0.10", 80, 8080, 30080, dualStack + extraSpec,
                "metallb.io/loadBalancerIPs: \"" + LB_IP + "," + LB_IP6 + "\"", null)
                + Manifests.slice("web", 8080, endpoints);
    }

    static String mac(Node n) {
        Matcher m = Pattern.compile("link/ether ([0-9a-f:]{17})").matcher(Cmd.in(n.ns(), "ip", "link", "show", "eth0"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static String neighbour(String ip) {
        Matcher m = LLADDR.matcher(Cmd.in(client.ns(), "ip", "neigh", "show", ip));
        return m.find() ? m.group(1) : null;
    }

    @Test
    void clientFollowsTheAnnouncingNodeWhenItBecomesIneligible() {
        String chosen = AnnouncerChoice.choose(InetAddress.ofLiteral(LB_IP), List.of("a", "b"));
        Node first = chosen.equals("a") ? a : b;
        Node second = first == a ? b : a;
        Pod secondPod = second == a ? a1 : b1;
        for (String ip : List.of(LB_IP, LB_IP6)) {
            await("client reaches " + ip).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                    .until(() -> !client.get(ip, 80).startsWith("ERR"));
            assertThat(neighbour(ip)).as(first.straitLog()).isEqualTo(mac(first));
        }

        long start = System.nanoTime();
        String local = "externalTrafficPolicy: Local\nhealthCheckNodePort: 30201\n";
        a.write("web.yaml", web(local, List.of(secondPod)));
        b.write("web.yaml", web(local, List.of(secondPod)));
        String target = mac(second);
        for (String ip : List.of(LB_IP, LB_IP6)) {
            await("neighbour entry for " + ip + " moves to " + second).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10)).until(() -> target.equals(neighbour(ip)));
            System.out.printf("L2: client's neighbour entry for %s moved from node %s to node %s %d ms after the"
                    + " folders changed (200 ms folder poll included)%n", ip, first.name(), second.name(),
                    (System.nanoTime() - start) / 1_000_000);
        }
        for (String ip : List.of(LB_IP, LB_IP6)) {
            await("served by " + secondPod.name() + " at " + ip).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> client.get(ip, 80).equals(secondPod.name()));
        }
    }
}
