package io.strait.daemon.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.strait.allocator.k8s.MetalLbKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kubernetes mode announces by BGP from every node: two nodes run {@code strait proxy
 * --announce-load-balancers} (child processes) against one mock API server, and both peer with
 * BIRD in a client namespace on the underlay. A Service with {@code externalTrafficPolicy: Cluster}
 * is announced by both nodes (BIRD holds a path via each); one with {@code Local} only by the node
 * that runs its ready endpoint, and the route follows the endpoint to the other node. BIRD's kernel
 * protocol installs the routes, so the client in BIRD's namespace reaches the pods through the LB IPs.
 * Deleting a Service withdraws its routes from both sessions.
 *
 * <pre>
 *   bird 10.200.0.100 (AS 64512, client) ─ br0 ─┬─ node a 10.200.0.11 (AS 64513) ── pod a1
 *                                               └─ node b 10.200.0.12 (AS 64513) ── pod b1
 *   mock API server (test JVM, loopback) ⇠ socat ⇠ unix socket ⇠ socat 127.0.0.1:6443 in each node
 * </pre>
 */
class BgpAnnouncementKubernetesNetnsIT {
    @RegisterExtension
    static final NetnsCluster cluster = new NetnsCluster();
    @RegisterExtension
    static final MockApi api = new MockApi(cluster);
    static final String CLUSTER_IP = "10.97.0.10";
    static final String LOCAL_IP = "10.97.0.11";

    static KubernetesClient admin;
    static Node a;
    static Node b;
    static Pod a1;
    static Pod b1;
    static Client bird;
    static Path socket;

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(Cmd.onPath("socat"), "this test reaches the mock API server through socat");
        Assumptions.assumeTrue(Cmd.onPath("bird") && Cmd.onPath("birdc"), "needs BIRD 2 (Debian package bird2)");
        admin = api.admin();
        a = cluster.node("a");
        b = cluster.node("b");
        a1 = cluster.pod(a, "a1");
        b1 = cluster.pod(b, "b1");
        bird = cluster.client("bird");
        Path dir = Files.createTempDirectory("strait-bird-k8s");
        socket = dir.resolve("bird.ctl");
        StringBuilder conf = new StringBuilder("""
                router id %1$s;
                protocol device { }
                protocol kernel { ipv4 { import none; export all; }; }
                """.formatted(bird.ip()));
        for (Node n : List.of(a, b)) {
            conf.append("""
                    protocol bgp node_%2$s {
                      local %1$s as 64512;
                      neighbor %3$s as 64513;
                      passive on;
                      hold time 9;
                      ipv4 { import all; export none; };
                    }
                    """.formatted(bird.ip(), n.name(), n.ip()));
        }
        Path confFile = Files.writeString(dir.resolve("bird.conf"), conf);
        cluster.track(new ProcessBuilder("ip", "netns", "exec", bird.ns(), "bird", "-f", "-c", confFile.toString(),
                "-s", socket.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile()).start());

        for (Node n : List.of(a, b)) {
            ApiObjects.readyNode(admin, n);
        }
        ApiObjects.metallb(admin, MetalLbKinds.ALL.get(0), "bgp-pool", Map.of("addresses", List.of("10.97.0.10-10.97.0.20")));
        ApiObjects.metallb(admin, MetalLbKinds.ALL.get(3), "bird", Map.of("myASN", 64513, "peerASN", 64512,
                "peerAddress", bird.ip(), "holdTime", "9s"));
        ApiObjects.metallb(admin, MetalLbKinds.ALL.get(2), "adv", Map.of("ipAddressPools", List.of("bgp-pool"),
                "communities", List.of("64512:100")));
        admin.services().resource(ApiObjects.loadBalancer("spread", "10.96.0.10", 30080, CLUSTER_IP, "Cluster")).create();
        admin.discovery().v1().endpointSlices().resource(ApiObjects.slice("spread", List.of(a1))).create();
        admin.services().resource(ApiObjects.loadBalancer("pinned", "10.96.0.11", 30081, LOCAL_IP, "Local")).create();
        admin.discovery().v1().endpointSlices().resource(ApiObjects.slice("pinned", List.of(a1))).create();

        for (Node n : List.of(a, b)) {
            api.startProxy(n, "10.96.0.0/16,10.97.0.0/24", "--announce-load-balancers");
        }
    }

    /** BIRD's routes for exactly this /32, with their attributes. */
    static String routes(String ip) {
        try {
            return Cmd.in(bird.ns(), "birdc", "-s", socket.toString(), "show", "route", ip + "/32", "all");
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    static String logs() {
        return a.straitLog() + "\n" + b.straitLog();
    }

    @Test
    void clusterPolicyIsAnnouncedByEveryNodeLocalOnlyWhereItsEndpointRuns() {
        await("BIRD learns " + CLUSTER_IP + " from both nodes").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    String r = routes(CLUSTER_IP);
                    return r.contains("via " + a.ip()) && r.contains("via " + b.ip());
                });
        assertThat(routes(CLUSTER_IP)).contains("(64512,100)");
        await("BIRD learns " + LOCAL_IP + " from node a").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> routes(LOCAL_IP).contains("via " + a.ip()));
        // both sessions are up (the Cluster route came over each), and node b still does not announce it
        long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < until) {
            assertThat(routes(LOCAL_IP)).as(logs()).doesNotContain("via " + b.ip());
        }
        await("client reaches a1 through both LB IPs").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> bird.get(LOCAL_IP, 80).equals("a1") && bird.get(CLUSTER_IP, 80).equals("a1"));

        long moved = System.nanoTime();                                       // the endpoint moves to node b
        admin.discovery().v1().endpointSlices().resource(ApiObjects.slice("pinned", List.of(b1))).update();
        await("the Local route follows its endpoint to node b").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    String r = routes(LOCAL_IP);
                    return r.contains("via " + b.ip()) && !r.contains("via " + a.ip());
                });
        System.out.printf("Kubernetes BGP: the Local Service's route moved from node a to node b %d ms after its "
                + "endpoint did%n", (System.nanoTime() - moved) / 1_000_000);
        await("client reaches b1 through " + LOCAL_IP).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> bird.get(LOCAL_IP, 80).equals("b1"));

        admin.services().inNamespace("default").withName("spread").delete();
        await("both paths withdrawn").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !routes(CLUSTER_IP).contains("via "));
        assertThat(routes(LOCAL_IP)).contains("via " + b.ip());
    }
}
