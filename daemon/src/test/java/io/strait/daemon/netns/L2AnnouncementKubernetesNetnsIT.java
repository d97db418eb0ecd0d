package io.strait.daemon.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.strait.allocator.k8s.MetalLbKinds;
import io.strait.allocator.l2.AnnouncerChoice;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kubernetes mode announces by ARP on every node: two nodes run {@code strait proxy
 * --announce-load-balancers} (child processes) against one mock API server (CRUD) in the test JVM,
 * reached through socat over a Unix socket. Nobody allocates: the Service's
 * {@code status.loadBalancer.ingress} was written "by an earlier run". The client on the underlay
 * resolves the LB IP to the MAC of the node {@link AnnouncerChoice} picks and reaches a pod
 * through it; when that node's Ready condition turns False, the other node takes over by
 * gratuitous ARP and the client's neighbour entry moves; it moves back when the node is Ready
 * again, and over once more when that node's Strait gets SIGTERM (it deletes its speaker Lease)
 * while its Node stays Ready. Nodes set {@code arp_ignore=1}.
 *
 * <pre>
 *   client 10.200.0.100 (arp_accept=1) ─ br0 ─┬─ node a 10.200.0.11 ── pod a1
 *                                             └─ node b 10.200.0.12 ── pod b1      LB IP 10.200.0.240
 *   mock API server (test JVM, loopback) ⇠ socat ⇠ unix socket ⇠ socat 127.0.0.1:6443 in each node
 * </pre>
 */
class L2AnnouncementKubernetesNetnsIT {
    @RegisterExtension
    static final NetnsCluster cluster = new NetnsCluster();
    @RegisterExtension
    static final MockApi api = new MockApi(cluster);
    static final String LB_IP = "10.200.0.240";
    static final Pattern LLADDR = Pattern.compile("lladdr ([0-9a-f:]{17})");

    static KubernetesClient admin;
    static Node a;
    static Node b;
    static Pod a1;
    static Pod b1;
    static Client client;

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(Cmd.onPath("socat"), "this test reaches the mock API server through socat");
        admin = api.admin();
        a = cluster.node("a");
        b = cluster.node("b");
        a1 = cluster.pod(a, "a1");
        b1 = cluster.pod(b, "b1");
        client = cluster.client("c");
        Cmd.in(client.ns(), "sysctl", "-qw", "net.ipv4.conf.all.arp_accept=1", "net.ipv4.conf.eth0.arp_accept=1");

        for (Node n : List.of(a, b)) {
            ApiObjects.readyNode(admin, n);
        }
        ApiObjects.metallb(admin, MetalLbKinds.ALL.get(0), "l2-pool", Map.of("addresses", List.of("10.200.0.240/28")));
        ApiObjects.metallb(admin, MetalLbKinds.ALL.get(1), "l2", Map.of("ipAddressPools", List.of("l2-pool"),
                "interfaces", List.of("eth0")));
        admin.services().resource(ApiObjects.loadBalancer("web", "10.96.0.10", 30080, LB_IP, "Cluster")).create();
        admin.discovery().v1().endpointSlices().resource(ApiObjects.slice("web", List.of(a1, b1))).create();

        for (Node n : List.of(a, b)) {
            Cmd.in(n.ns(), "sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1");
            api.startProxy(n, "10.96.0.0/16,10.200.0.240/28", "--announce-load-balancers");
        }
    }

    static String mac(Node n) {
        Matcher m = Pattern.compile("link/ether ([0-9a-f:]{17})").matcher(Cmd.in(n.ns(), "ip", "link", "show", "eth0"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static String neighbour() {
        Matcher m = LLADDR.matcher(Cmd.in(client.ns(), "ip", "neigh", "show", LB_IP));
        return m.find() ? m.group(1) : null;
    }

    @Test
    void theChosenNodeAnswersArpAndANotReadyNodeHandsOver() throws InterruptedException {
        String chosen = AnnouncerChoice.choose(InetAddress.ofLiteral(LB_IP), List.of("a", "b"));
        Node first = chosen.equals("a") ? a : b;
        Node second = first == a ? b : a;
        await("client reaches " + LB_IP).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> !client.get(LB_IP, 80).startsWith("ERR"));
        // Converged: until every node has seen every speaker Lease, another node may answer for a
        // moment at start; the chosen node's gratuitous ARPs then take the client's entry over.
        String chosenMac = mac(first);
        try {
            await("neighbour entry on the chosen node " + first).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> chosenMac.equals(neighbour()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            assertThat(neighbour()).as(first.straitLog() + "\n" + second.straitLog()).isEqualTo(chosenMac);
        }

        long start = System.nanoTime();
        admin.nodes().withName(first.name()).editStatus(n -> {
            n.setStatus(ApiObjects.ready("False"));
            return n;
        });
        String target = mac(second);
        await("neighbour entry moves to " + second).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> target.equals(neighbour()));
        System.out.printf("Kubernetes L2: client's neighbour entry for %s moved from node %s to node %s %d ms after"
                + " node %s turned NotReady%n", LB_IP, first.name(), second.name(),
                (System.nanoTime() - start) / 1_000_000, first.name());
        await("still served").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !client.get(LB_IP, 80).startsWith("ERR"));

        admin.nodes().withName(first.name()).editStatus(n -> {
            n.setStatus(ApiObjects.ready("True"));
            return n;
        });
        String back = mac(first);
        await("neighbour entry moves back to " + first).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10)).until(() -> back.equals(neighbour()));

        start = System.nanoTime();                                   // its Strait stops; the Node stays Ready
        assertThat(first.stopProxy()).as("exit status; its log:\n%s", first.straitLog()).isZero();
        // Generous: the stopped Strait's watches close, which can stall the mock API server's event loop
        // for ~10 s (MockApiServer); the printed time below shows how fast the takeover really was.
        await("neighbour entry moves to " + second + " after SIGTERM").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(10)).until(() -> target.equals(neighbour()));
        System.out.printf("Kubernetes L2: neighbour entry on node %s %d ms after SIGTERM to node %s's Strait "
                + "(its speaker Lease deleted; the Node still Ready)%n", second.name(),
                (System.nanoTime() - start) / 1_000_000, first.name());
    }
}
