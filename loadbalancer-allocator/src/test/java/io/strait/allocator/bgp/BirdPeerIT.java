package io.strait.allocator.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.strait.allocator.config.Community;
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
 * The BGP speaker against a real BIRD 2 in a network namespace (root only): eBGP with
 * communities and large communities, iBGP with LOCAL_PREF, withdrawal, reconnection after
 * BIRD restarts, and closing with Cease/Administrative Shutdown (BIRD shows its message). Namespace and link names are random; BIRD is killed by PID and the namespace
 * deleted whatever happens. Times are printed, never asserted.
 */
class BirdPeerIT {
    @TempDir
    Path dir;

    final String id = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
    final int net = ThreadLocalRandom.current().nextInt(0, 256);
    final String ns = "strait-bgp-" + id;
    final String hostLink = "sb" + id;
    final String peerLink = "sp" + id;
    final String ebgpNode = "10.251." + net + ".1";
    final String bird = "10.251." + net + ".2";
    final String ibgpNode = "10.251." + net + ".3";
    final String md5Node = "10.251." + net + ".4";
    final String node6 = "fd00:251:" + Integer.toHexString(net) + "::1";
    final String bird6 = "fd00:251:" + Integer.toHexString(net) + "::2";
    final String lbIp6 = "2001:db8:" + Integer.toHexString(net) + "::10";
    final String lbIp = "198.51.100." + (net % 250 + 1);
    Path socket;
    Process birdProcess;
    EventLoopGroup group;

    @BeforeEach
    void network() throws Exception {
        assumeTrue(Netns.root(), "needs root to create network namespaces: skipped");
        assumeTrue(Netns.installed("bird") && Netns.installed("birdc"), "bird2 is not installed (apt-get install bird2): skipped");
        Netns.run("ip", "netns", "add", ns);
        Netns.run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", peerLink);
        Netns.run("ip", "link", "set", peerLink, "netns", ns);
        Netns.run("ip", "addr", "add", ebgpNode + "/29", "dev", hostLink);
        Netns.run("ip", "addr", "add", ibgpNode + "/29", "dev", hostLink);
        Netns.run("ip", "addr", "add", md5Node + "/29", "dev", hostLink);
        Netns.run("ip", "addr", "add", node6 + "/64", "dev", hostLink, "nodad");
        Netns.run("ip", "link", "set", hostLink, "up");
        Netns.run("ip", "netns", "exec", ns, "ip", "addr", "add", bird + "/29", "dev", peerLink);
        Netns.run("ip", "netns", "exec", ns, "ip", "addr", "add", bird6 + "/64", "dev", peerLink, "nodad");
        Netns.run("ip", "netns", "exec", ns, "ip", "link", "set", peerLink, "up");
        Netns.run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        Files.writeString(dir.resolve("bird.conf"), """
                router id %1$s;
                protocol device { }
                protocol kernel { ipv4 { import none; export all; }; }
                protocol bgp ebgp_node {
                  local %1$s as 64512; neighbor %2$s as 64513; passive on; hold time 9;
                  ipv4 { import all; export none; };
                  ipv6 { import all; export none; };
                }
                protocol bgp md5_node {
                  local %1$s as 64512; neighbor %4$s as 64514; passive on; hold time 9; password "strait-secret";
                  ipv4 { import all; export none; };
                }
                protocol bgp ibgp_node {
                  local %1$s as 64512; neighbor %3$s as 64512; passive on; hold time 9; direct;
                  ipv4 { import all; export none; };
                }
                """.formatted(bird, ebgpNode, ibgpNode, md5Node));
        socket = dir.resolve("bird.ctl");
        startBird();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    void startBird() throws Exception {
        birdProcess = new ProcessBuilder("ip", "netns", "exec", ns, "bird", "-f", "-c", dir.resolve("bird.conf").toString(),
                "-s", socket.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> Netns.run("birdc", "-s", socket.toString(), "show", "status").contains("Daemon is up"));
    }

    void killBird() throws InterruptedException {
        if (birdProcess != null) {
            birdProcess.destroy();                  // by PID: SIGTERM, then SIGKILL
            if (!birdProcess.waitFor(5, TimeUnit.SECONDS)) {
                birdProcess.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            birdProcess = null;
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (group != null) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            }
            killBird();
        } finally {
            Netns.quietly("ip", "link", "del", hostLink);
            Netns.quietly("ip", "netns", "del", ns);
        }
    }

    String routes() throws Exception {
        return Netns.run("birdc", "-s", socket.toString(), "show", "route", "all");
    }

    BgpSession session(String node, long asn) {
        return new BgpSession(group, settings(node, asn, null));
    }

    BgpSession.Settings settings(String node, long asn, String password) {
        return new BgpSession.Settings("metallb-system/bird", new InetSocketAddress(InetAddress.ofLiteral(bird), 179),
                InetAddress.ofLiteral(node), asn, 64512, null, Duration.ofSeconds(9), Duration.ofSeconds(3), password,
                "node-" + id);
    }

    @Test
    void ebgpAnnouncesWithCommunitiesWithdrawsAndReconnects() throws Exception {
        BgpSession s = session(ebgpNode, 64513);
        s.set(List.of(Advertisement.of(InetAddress.ofLiteral(lbIp), Community.parse("64512:100"),
                Community.parse("large:64512:1:2")), new Advertisement(Prefix.host(InetAddress.ofLiteral(lbIp6)),
                InetAddress.ofLiteral(node6), 0, List.of(Community.parse("64512:106")))));
        long t0 = System.nanoTime();
        s.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> routes().contains(lbIp + "/32"));
        System.out.printf("BIRD: eBGP session up and route learnt %d ms after start%n", (System.nanoTime() - t0) / 1_000_000);
        String r = routes();
        assertThat(r).contains("via " + ebgpNode).contains("BGP.as_path: 64513")
                .contains("BGP.community: (64512,100)").contains("BGP.large_community: (64512, 1, 2)");
        assertThat(Netns.run("ip", "netns", "exec", ns, "ip", "route")).contains(lbIp + " via " + ebgpNode);
        await().atMost(Duration.ofSeconds(10)).until(() -> routes().contains(lbIp6 + "/128"));  // MP_REACH_NLRI
        assertThat(routes()).contains("via " + node6).contains("BGP.community: (64512,106)");

        s.set(List.of());                                                     // withdraw
        await().atMost(Duration.ofSeconds(10)).until(() -> !routes().contains(lbIp + "/32"));

        killBird();                                                           // peer restarts
        await().atMost(Duration.ofSeconds(10)).until(() -> s.state() != BgpSession.State.ESTABLISHED);
        s.set(List.of(Advertisement.of(InetAddress.ofLiteral(lbIp))));
        long t1 = System.nanoTime();
        startBird();
        await().atMost(Duration.ofSeconds(60)).until(() -> routes().contains(lbIp + "/32"));
        System.out.printf("BIRD: re-established and re-announced %d ms after BIRD restarted%n", (System.nanoTime() - t1) / 1_000_000);
        s.close();
    }

    @Test
    void tcpMd5SignedSessionEstablishes() throws Exception {
        assumeTrue(io.netty.channel.epoll.Epoll.isAvailable(), "TCP MD5 needs the epoll transport: skipped");
        EventLoopGroup epoll = new MultiThreadIoEventLoopGroup(1, io.netty.channel.epoll.EpollIoHandler.newFactory());
        try {
            BgpSession s = new BgpSession(epoll, io.netty.channel.epoll.EpollSocketChannel.class,
                    settings(md5Node, 64514, "strait-secret"));
            s.set(List.of(Advertisement.of(InetAddress.ofLiteral(lbIp))));
            s.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> routes().contains("md5_node"));
            assertThat(Netns.run("birdc", "-s", socket.toString(), "show", "protocols", "md5_node")).contains("Established");
            s.close();
        } finally {
            epoll.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWrongOrMissingMd5PasswordNeverEstablishes() throws Exception {
        assumeTrue(io.netty.channel.epoll.Epoll.isAvailable(), "TCP MD5 needs the epoll transport: skipped");
        EventLoopGroup epoll = new MultiThreadIoEventLoopGroup(1, io.netty.channel.epoll.EpollIoHandler.newFactory());
        try {
            for (String password : java.util.Arrays.asList("not-the-secret", null)) {
                BgpSession s = new BgpSession(epoll, io.netty.channel.epoll.EpollSocketChannel.class,
                        settings(md5Node, 64514, password));
                s.set(List.of(Advertisement.of(InetAddress.ofLiteral(lbIp))));
                s.start();
                // the kernel drops every segment whose signature is wrong or missing: several connect
                // attempts (back-off 1 s, 2 s, ...) pass and none gets through
                long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < until) {
                    assertThat(s.state()).as("password %s", password).isNotEqualTo(BgpSession.State.ESTABLISHED);
                    Thread.sleep(250);
                }
                assertThat(Netns.run("birdc", "-s", socket.toString(), "show", "protocols", "md5_node"))
                        .doesNotContain("Established");
                assertThat(routes()).doesNotContain(lbIp + "/32");
                s.close();
            }
        } finally {
            epoll.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void ibgpSendsLocalPref() throws Exception {
        BgpSession s = session(ibgpNode, 64512);
        s.set(List.of(new Advertisement(Prefix.host(InetAddress.ofLiteral(lbIp)), null, 200, List.of())));
        s.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> routes().contains(lbIp + "/32"));
        assertThat(routes()).contains("BGP.local_pref: 200").contains("via " + ibgpNode).contains("ibgp_node");
        s.close();                                                            // Cease, not a silent close
        await().atMost(Duration.ofSeconds(5)).until(() -> Netns.run("birdc", "-s", socket.toString(), "show", "protocols",
                "all", "ibgp_node").contains("Received: Administrative shutdown"));
        assertThat(Netns.run("birdc", "-s", socket.toString(), "show", "protocols", "all", "ibgp_node"))
                .contains("Message:        " + BgpSession.SHUTDOWN_COMMUNICATION);
    }
}
