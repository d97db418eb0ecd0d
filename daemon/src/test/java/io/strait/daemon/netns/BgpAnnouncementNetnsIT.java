package io.strait.daemon.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daemon announces by BGP what it allocated: Strait standalone in a node namespace (child
 * process) allocates a LoadBalancer IP from an IPAddressPool in its folder and announces it to
 * BIRD in a peer namespace (BGPPeer + BGPAdvertisement with a community); BIRD's kernel protocol
 * installs the route, so a client in the peer namespace reaches the backend pod through the LB IP.
 * Stopping Strait withdraws the route (the session closes); restarting it restores the same IP.
 * The BGPPeer's {@code sourceAddress} is node-a's secondary address, the only one BIRD accepts
 * the session from (the kernel would pick the primary), and the advertisement's community is a
 * {@code Community} alias.
 *
 * <pre>
 *   peer 10.200.0.100 (BIRD AS 64512, client) ── br0 ── node-a 10.200.0.11 + .211 (Strait AS 64513) ── cni0 ── pod a1
 * </pre>
 */
class BgpAnnouncementNetnsIT {
    @RegisterExtension
    static final NetnsCluster cluster = new NetnsCluster();
    static final String LB_IP = "10.97.0.10";
    static final String SOURCE = "10.200.0.211";

    static Node node;
    static Pod a1;
    static Client peer;
    static Path socket;

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(Cmd.onPath("bird") && Cmd.onPath("birdc"), "needs BIRD 2 (Debian package bird2)");
        node = cluster.node("a");
        a1 = cluster.pod(node, "a1");
        Cmd.run("ip", "-n", node.ns(), "addr", "add", SOURCE + "/24", "dev", "eth0");
        peer = cluster.client("bird");
        Path dir = Files.createTempDirectory("strait-bird");
        socket = dir.resolve("bird.ctl");
        Path conf = Files.writeString(dir.resolve("bird.conf"), """
                router id %s;
                protocol device { }
                protocol kernel { ipv4 { import none; export all; }; }
                protocol bgp node_a {
                  local %s as 64512;
                  neighbor %s as 64513;
                  passive on;
                  hold time 9;
                  ipv4 { import all; export none; };
                }
                """.formatted(peer.ip(), peer.ip(), SOURCE));
        cluster.track(new ProcessBuilder("ip", "netns", "exec", peer.ns(), "bird", "-f", "-c", conf.toString(),
                "-s", socket.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile()).start());
        node.write("metallb.yaml", """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: bgp-pool, namespace: metallb-system}
                spec: {addresses: ["10.97.0.10-10.97.0.20"]}
                ---
                apiVersion: metallb.io/v1beta2
                kind: BGPPeer
                metadata: {name: bird, namespace: metallb-system}
                spec: {myASN: 64513, peerASN: 64512, peerAddress: %s, sourceAddress: %s, holdTime: 9s}
                ---
                apiVersion: metallb.io/v1beta1
                kind: Community
                metadata: {name: tags, namespace: metallb-system}
                spec: {communities: [{name: from-strait, value: "64512:100"}]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: BGPAdvertisement
                metadata: {name: adv, namespace: metallb-system}
                spec: {ipAddressPools: [bgp-pool], communities: [from-strait]}
                """.formatted(peer.ip(), SOURCE));
        node.write("web.yaml", Manifests.service("web", "LoadBalancer", "10.96.0.10", 80, 8080, 30080, "", "", null)
                + Manifests.slice("web", 8080, List.of(a1)));
        node.startStrait("10.96.0.0/16,10.97.0.0/24");
    }

    static String routes() {
        try {
            return Cmd.in(peer.ns(), "birdc", "-s", socket.toString(), "show", "route", "all");
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    @Test
    void birdLearnsTheAllocatedIpAndAClientReachesTheBackendThenTheRouteIsWithdrawn() {
        long start = System.nanoTime();
        await("BIRD learns " + LB_IP).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> routes().contains(LB_IP + "/32"));
        System.out.printf("BGP: route for %s in BIRD %d ms after polling began (JVM start included)%n", LB_IP,
                (System.nanoTime() - start) / 1_000_000);
        String table = routes();
        assertThat(table).as(node.straitLog()).contains("via " + SOURCE).contains("(64512,100)");
        await("client reaches the backend through " + LB_IP).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> peer.get(LB_IP, 80).equals("a1"));
        assertThat(metrics()).contains("strait_bgp_session_up{peer=\"bird\"} 1.0")
                .contains("strait_bgp_prefixes_announced{peer=\"bird\"} 1.0");

        long removed = System.nanoTime();
        node.remove("web.yaml");
        await("route withdrawn").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !routes().contains(LB_IP + "/32"));
        System.out.printf("BGP: route withdrawn %d ms after the Service's file was removed (200 ms folder poll)%n",
                (System.nanoTime() - removed) / 1_000_000);
    }

    @Test
    void restartingStraitWithdrawsThenRestoresTheRoute() throws Exception {
        node.write("web.yaml", Manifests.service("web", "LoadBalancer", "10.96.0.10", 80, 8080, 30080, "", "", null)
                + Manifests.slice("web", 8080, List.of(a1)));
        await("BIRD learns " + LB_IP).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> routes().contains(LB_IP + "/32"));

        node.stopProxy(); // SIGTERM; waits for the process to end
        await("route withdrawn when Strait stops").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !routes().contains(LB_IP + "/32"));
        assertThat(Cmd.in(peer.ns(), "birdc", "-s", socket.toString(), "show", "protocols", "all", "node_a"))
                .as("SIGTERM ends the session with a Cease NOTIFICATION").contains("Received: Administrative shutdown");

        long restarted = System.nanoTime();
        node.startStrait("10.96.0.0/16,10.97.0.0/24");
        await("route restored after the restart").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> routes().contains(LB_IP + "/32"));
        System.out.printf("BGP: route restored %d ms after Strait was restarted (JVM start included)%n",
                (System.nanoTime() - restarted) / 1_000_000);
        assertThat(routes()).as(node.straitLog()).contains("via " + SOURCE).contains("(64512,100)");
        await("client reaches the backend again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> peer.get(LB_IP, 80).equals("a1"));
    }

    static String metrics() {
        return Cmd.in(node.ns(), "curl", "-s", "http://127.0.0.1:10249/metrics");
    }
}
