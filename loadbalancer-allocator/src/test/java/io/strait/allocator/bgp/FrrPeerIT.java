package io.strait.allocator.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BGP speaker against FRRouting's bgpd in a network namespace (root only; needs the {@code frr}
 * package): both FRR neighbours set {@code extended-optional-parameters}, so FRR's OPEN comes in
 * RFC 9072's encoding. Checks that the sessions come up and carry the routes, that an IPv6 session
 * without routerID presents the node's IPv4 address as BGP Identifier, and that closing sends
 * Cease/Administrative Shutdown, which FRR records and acts on at once. bgpd runs without zebra
 * ({@code -Z}) as user frr; it is stopped by PID, and namespace and link are deleted whatever happens.
 */
class FrrPeerIT {
    static final String BGPD = "/usr/lib/frr/bgpd";

    @TempDir
    Path dir;

    final String id = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
    final int net = ThreadLocalRandom.current().nextInt(0, 256);
    final String ns = "strait-frr-" + id;
    final String hostLink = "fh" + id;
    final String peerLink = "fp" + id;
    final String node = "10.253." + net + ".1";
    final String frr = "10.253." + net + ".2";
    final String node6 = "fd00:253:" + Integer.toHexString(net) + "::1";
    final String frr6 = "fd00:253:" + Integer.toHexString(net) + "::2";
    final String lbIp = "198.51.100." + (net % 250 + 1);
    final String lbIp6 = "2001:db8:" + Integer.toHexString(net) + "::10";
    Process bgpd;
    EventLoopGroup group;

    @BeforeEach
    void network() throws Exception {
        assumeTrue(Netns.root(), "needs root to create network namespaces: skipped");
        assumeTrue(Files.isExecutable(Path.of(BGPD)) && Netns.installed("vtysh"),
                "FRR is not installed (apt-get install frr): skipped");
        Netns.run("ip", "netns", "add", ns);
        Netns.run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", peerLink);
        Netns.run("ip", "link", "set", peerLink, "netns", ns);
        Netns.run("ip", "addr", "add", node + "/29", "dev", hostLink);
        Netns.run("ip", "addr", "add", node6 + "/64", "dev", hostLink, "nodad");
        Netns.run("ip", "link", "set", hostLink, "up");
        Netns.run("ip", "netns", "exec", ns, "ip", "addr", "add", frr + "/29", "dev", peerLink);
        Netns.run("ip", "netns", "exec", ns, "ip", "addr", "add", frr6 + "/64", "dev", peerLink, "nodad");
        Netns.run("ip", "netns", "exec", ns, "ip", "link", "set", peerLink, "up");
        Netns.run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        Path conf = dir.resolve("bgpd.conf");
        Files.writeString(conf, """
                frr defaults traditional
                router bgp 64512
                 bgp router-id %1$s
                 no bgp ebgp-requires-policy
                 neighbor %2$s remote-as 64513
                 neighbor %2$s passive
                 neighbor %2$s timers 3 9
                 neighbor %2$s extended-optional-parameters
                 neighbor %3$s remote-as 64513
                 neighbor %3$s passive
                 neighbor %3$s timers 3 9
                 neighbor %3$s extended-optional-parameters
                 address-family ipv6 unicast
                  neighbor %3$s activate
                 exit-address-family
                """.formatted(frr, node, node6));
        Netns.run("chown", "-R", "frr:frr", dir.toString());
        bgpd = new ProcessBuilder("ip", "netns", "exec", ns, BGPD, "-Z", "-u", "frr", "-g", "frr", "-f", conf.toString(),
                "-i", dir.resolve("bgpd.pid").toString(), "--vty_socket", dir.toString(), "-P", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("bgpd.log").toFile()).start();
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> vtysh("show bgp summary").contains("64513"));
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (group != null) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            }
            if (bgpd != null) {
                bgpd.destroy();                         // by PID: SIGTERM, then SIGKILL
                if (!bgpd.waitFor(5, TimeUnit.SECONDS)) {
                    bgpd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } finally {
            Netns.quietly("ip", "link", "del", hostLink);
            Netns.quietly("ip", "netns", "del", ns);
        }
    }

    String vtysh(String command) throws Exception {
        return Netns.run("vtysh", "--vty_socket", dir.toString(), "-d", "bgpd", "-c", command);
    }

    String neighbour(String address) throws Exception {
        return vtysh("show bgp neighbors " + address + " json").replaceAll("\\s+|\\\\", ""); // JSON with no blanks or escapes
    }

    BgpSession session(String local, String peer) {
        return new BgpSession(group, new BgpSession.Settings("metallb-system/frr", new InetSocketAddress(
                InetAddress.ofLiteral(peer), 179), InetAddress.ofLiteral(local), 64513, 64512, null,
                Duration.ofSeconds(9), Duration.ofSeconds(3), null, "node-" + id));
    }

    @Test
    void extendedOptionalParametersSessionEstablishesAndAnnounces() throws Exception {
        BgpSession s = session(node, frr);
        s.set(List.of(Advertisement.of(InetAddress.ofLiteral(lbIp))));
        long t0 = System.nanoTime();
        s.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> s.state() == BgpSession.State.ESTABLISHED);
        long up = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> neighbour(node).contains("\"bgpState\":\"Established\""));
        assertThat(neighbour(node)).contains("\"extendedOptionalParametersLength\":true")
                .contains("\"remoteRouterId\":\"" + node + "\"");
        await().atMost(Duration.ofSeconds(30)).until(() -> vtysh("show bgp ipv4 unicast").contains(lbIp + "/32"));
        System.out.printf("FRR (extended-optional-parameters): Established %d ms, route in FRR's table %d ms after start%n",
                (up - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
        assertThat(vtysh("show bgp ipv4 unicast " + lbIp + "/32")).contains(node).contains("64513");
        s.close();
    }

    /** Before, every IPv6 session without routerID said 0.0.0.1; now the IPv4 address of its interface. */
    @Test
    void anIpv6SessionPresentsTheNodesIpv4AddressAsBgpIdentifier() throws Exception {
        BgpSession s = session(node6, frr6);
        s.set(List.of(Advertisement.of(InetAddress.ofLiteral(lbIp6))));
        s.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> neighbour(node6).contains("\"bgpState\":\"Established\""));
        assertThat(neighbour(node6)).contains("\"remoteRouterId\":\"" + node + "\"");
        await().atMost(Duration.ofSeconds(30)).until(() -> vtysh("show bgp ipv6 unicast").contains(lbIp6 + "/128"));
        s.close();
    }

    @Test
    void closeSendsCeaseAdministrativeShutdownAndFrrDropsTheRoute() throws Exception {
        BgpSession s = session(node, frr);
        s.set(List.of(Advertisement.of(InetAddress.ofLiteral(lbIp))));
        s.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> vtysh("show bgp ipv4 unicast").contains(lbIp + "/32"));
        s.close();
        // the reason proves it was the NOTIFICATION, not the hold timer (9 s), that ended the session
        await().atMost(Duration.ofSeconds(5)).until(() -> neighbour(node).contains("\"lastNotificationReason\":\"Cease/AdministrativeShutdown\""));
        assertThat(neighbour(node)).doesNotContain("\"bgpState\":\"Established\"")
                .contains("\"lastResetDueTo\":\"BGPNotificationreceived\"")
                .contains("\"lastShutdownDescription\":\"" + BgpSession.SHUTDOWN_COMMUNICATION.replace(" ", "") + "\"");
        assertThat(vtysh("show bgp ipv4 unicast")).doesNotContain(lbIp + "/32");
    }
}
