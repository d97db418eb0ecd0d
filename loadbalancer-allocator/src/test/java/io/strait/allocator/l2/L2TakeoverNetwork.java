package io.strait.allocator.l2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strait.allocator.bgp.Netns;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Layer 2 as root, for one {@link L2Protocol}: two "node" interfaces (veth ends in this namespace,
 * one {@link L2Responder} each) and a client namespace bridging both. The client resolves the LB IP
 * to the chosen node's MAC; when that node becomes ineligible the other takes over by gratuitous
 * ARP or unsolicited neighbour advertisement, and the time until the client's neighbour entry
 * follows is printed (never asserted). Names are random; the namespaces and links are deleted
 * whatever happens.
 */
abstract class L2TakeoverNetwork {
    final String id = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
    final int net = ThreadLocalRandom.current().nextInt(0, 256);
    final String ns = "strait-l2-" + id;
    final Map<String, String> links = Map.of("node-a", "la" + id, "node-b", "lb" + id);
    final List<String> extraNamespaces = new ArrayList<>();
    ScheduledExecutorService scheduler;

    abstract L2Protocol protocol();

    /** The LoadBalancer IP the nodes announce. */
    abstract InetAddress lbIp();

    /** Gives the client's {@code br0} its address (and lets it learn from announcements). */
    abstract void configureClient() throws Exception;

    static String run(String... cmd) throws IOException, InterruptedException {
        return Netns.run(cmd);
    }

    static void quietly(String... cmd) {
        Netns.quietly(cmd);
    }

    @BeforeEach
    void network() throws Exception {
        assumeTrue(Netns.root(), "needs root for network namespaces and AF_PACKET: skipped");
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
        configureClient();
        run("ip", "netns", "exec", ns, "ip", "link", "set", "br0", "up");
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void cleanUp() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        links.values().forEach(l -> quietly("ip", "link", "del", l));
        extraNamespaces.forEach(n -> quietly("ip", "netns", "del", n));
        quietly("ip", "netns", "del", ns);
    }

    /** The client's neighbour entry for ip, as {@code ip neigh} prints it. */
    String neighbour(InetAddress ip) throws Exception {
        return run("ip", "netns", "exec", ns, "ip", "neigh", "show", ip.getHostAddress(), "dev", "br0");
    }

    /** Makes the client resolve ip: a TCP connection attempt, given up after a second. */
    void resolve(InetAddress ip) throws Exception {
        run("ip", "netns", "exec", ns, "bash", "-c",
                "timeout 1 bash -c 'exec 3<>/dev/tcp/" + ip.getHostAddress() + "/80' 2>/dev/null || true");
    }

    Map<String, L2Responder> responders(Duration interval, int count) throws IOException {
        return Map.of(
                "node-a", new L2Responder(new PacketSocket(links.get("node-a"), protocol()), protocol(), scheduler, interval, count),
                "node-b", new L2Responder(new PacketSocket(links.get("node-b"), protocol()), protocol(), scheduler, interval, count));
    }

    void reconcile(Map<String, L2Responder> responders, List<String> eligible) {
        String chosen = AnnouncerChoice.choose(lbIp(), eligible);
        responders.forEach((node, r) -> r.announce(node.equals(chosen) ? Set.of(lbIp()) : Set.of()));
    }

    /** Checks made while the first node answers (e.g. the multicast group it joined). */
    void whileAnnounced(String link) throws Exception {}

    @Test
    void theClientFollowsTheChosenNodeAndATakeover() throws Exception {
        String first = AnnouncerChoice.choose(lbIp(), links.keySet());
        String second = first.equals("node-a") ? "node-b" : "node-a";
        // Phase 1: no announcement, so the client learns the MAC from our answer to its request.
        Map<String, L2Responder> quiet = responders(Duration.ofMillis(1), 0);
        try {
            reconcile(quiet, List.copyOf(links.keySet()));
            whileAnnounced(links.get(first));
            resolve(lbIp());
            await().atMost(Duration.ofSeconds(10)).until(() -> neighbour(lbIp()).contains(ArpPacket.mac(quiet.get(first).mac())));
            assertThat(quiet.get(first).repliesSent()).isPositive();
            assertThat(quiet.get(second).repliesSent()).isZero();
        } finally {
            quiet.values().forEach(L2Responder::close);
        }
        // Phase 2: takeover by announcement, 5 sends 500 ms apart.
        Map<String, L2Responder> loud = responders(Duration.ofMillis(500), 5);
        try {
            reconcile(loud, List.copyOf(links.keySet()));
            long t0 = System.nanoTime();
            reconcile(loud, List.of(second));                                 // the first node became ineligible
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                    .until(() -> neighbour(lbIp()).contains(ArpPacket.mac(loud.get(second).mac())));
            System.out.printf("L2 takeover (%s): client neighbour entry moved to the new node %d ms after the choice"
                    + " changed%n", protocol(), (System.nanoTime() - t0) / 1_000_000);
            assertThat(loud.get(second).announcementsSent()).isPositive();
        } finally {
            loud.values().forEach(L2Responder::close);
        }
    }
}
