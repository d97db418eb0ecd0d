package io.strait.allocator.l2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Layer 2 as root: two "node" interfaces (veth ends in this namespace, one ArpResponder each)
 * and a client namespace bridging both, with {@code arp_accept=1}. The client resolves the LB IP
 * to the chosen node's MAC; when that node becomes ineligible the other takes over by gratuitous
 * ARP, and the time until the client's neighbour entry follows is printed (never asserted).
 * Names are random; the namespace and links are deleted whatever happens.
 */
class ArpTakeoverIT {
    final String id = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
    final int net = ThreadLocalRandom.current().nextInt(0, 256);
    final String ns = "strait-l2-" + id;
    final Map<String, String> links = Map.of("node-a", "la" + id, "node-b", "lb" + id);
    final InetAddress lbIp = InetAddress.ofLiteral("10.252." + net + ".50");
    ScheduledExecutorService scheduler;

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": timed out");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + out);
        }
        return out;
    }

    static void quietly(String... cmd) {
        try {
            run(cmd);
        } catch (IOException | InterruptedException e) {
            // best effort clean-up
        }
    }

    @BeforeEach
    void network() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces and AF_PACKET: skipped");
        run("ip", "netns", "add", ns);
        run("ip", "netns", "exec", ns, "ip", "link", "add", "br0", "type", "bridge");
        String port = "a";
        for (String link : links.values()) {
            run("ip", "link", "add", link, "type", "veth", "peer", "name", "c" + port + id);
            run("ip", "link", "set", "c" + port + id, "netns", ns);
            run("ip", "netns", "exec", ns, "ip", "link", "set", "c" + port + id, "master", "br0", "up");
            run("ip", "link", "set", link, "up");
            port = "b";
        }
        run("ip", "netns", "exec", ns, "ip", "addr", "add", "10.252." + net + ".100/24", "dev", "br0");
        run("ip", "netns", "exec", ns, "ip", "link", "set", "br0", "up");
        run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.conf.br0.arp_accept=1");
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void cleanUp() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        links.values().forEach(l -> quietly("ip", "link", "del", l));
        quietly("ip", "netns", "del", ns);
    }

    String neighbour() throws Exception {
        return run("ip", "netns", "exec", ns, "ip", "neigh", "show", lbIp.getHostAddress(), "dev", "br0");
    }

    void reconcile(Map<String, ArpResponder> responders, List<String> eligible) {
        String chosen = AnnouncerChoice.choose(lbIp, eligible);
        responders.forEach((node, r) -> r.announce(node.equals(chosen) ? Set.of(lbIp) : Set.of()));
    }

    @Test
    void theClientFollowsTheChosenNodeAndATakeover() throws Exception {
        String first = AnnouncerChoice.choose(lbIp, links.keySet());
        String second = first.equals("node-a") ? "node-b" : "node-a";
        // Phase 1: no gratuitous ARP, so the client learns the MAC from our reply to its request.
        Map<String, ArpResponder> quiet = Map.of(
                "node-a", new ArpResponder(new PacketSocket(links.get("node-a")), scheduler, Duration.ofMillis(1), 0),
                "node-b", new ArpResponder(new PacketSocket(links.get("node-b")), scheduler, Duration.ofMillis(1), 0));
        try {
            reconcile(quiet, List.copyOf(links.keySet()));
            run("ip", "netns", "exec", ns, "bash", "-c",
                    "timeout 1 bash -c 'exec 3<>/dev/tcp/" + lbIp.getHostAddress() + "/80' || true");
            await().atMost(Duration.ofSeconds(10)).until(() -> neighbour().contains(ArpPacket.mac(quiet.get(first).mac())));
            assertThat(quiet.get(first).repliesSent()).isPositive();
            assertThat(quiet.get(second).repliesSent()).isZero();
        } finally {
            quiet.values().forEach(ArpResponder::close);
        }
        // Phase 2: takeover by gratuitous ARP, 5 sends 500 ms apart.
        Map<String, ArpResponder> loud = Map.of(
                "node-a", new ArpResponder(new PacketSocket(links.get("node-a")), scheduler, Duration.ofMillis(500), 5),
                "node-b", new ArpResponder(new PacketSocket(links.get("node-b")), scheduler, Duration.ofMillis(500), 5));
        try {
            reconcile(loud, List.copyOf(links.keySet()));
            long t0 = System.nanoTime();
            reconcile(loud, List.of(second));                                 // the first node became ineligible
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                    .until(() -> neighbour().contains(ArpPacket.mac(loud.get(second).mac())));
            System.out.printf("L2 takeover: client neighbour entry moved to the new node %d ms after the choice changed%n",
                    (System.nanoTime() - t0) / 1_000_000);
            assertThat(loud.get(second).gratuitousSent()).isPositive();
        } finally {
            loud.values().forEach(ArpResponder::close);
        }
    }
}
