package io.strait.allocator.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a session logs: every line names the BGPPeer object, and a route that cannot go out on
 * the session (a dual-stack pool advertised to a peer reached over IPv4) is reported once per
 * prefix, however often the announcer reconciles, and again only when something changes.
 */
class BgpSessionLogTest {
    static final BgpSession.Settings V4_SESSION = new BgpSession.Settings("metallb-system/tor-v4",
            new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 179), InetAddress.ofLiteral("192.0.2.1"),
            64513, 64512, null, Duration.ofSeconds(9), Duration.ofSeconds(3), null, "node-a");
    static final Advertisement V4 = Advertisement.of(InetAddress.ofLiteral("198.51.100.7"));
    static final Advertisement V6 = Advertisement.of(InetAddress.ofLiteral("2001:db8::7"));

    final EmbeddedChannel loop = new EmbeddedChannel();
    final BgpSession session = new BgpSession(loop.eventLoop(), V4_SESSION);
    final EmbeddedChannel ch = new EmbeddedChannel(new BgpFrameDecoder(), new SessionHandler(session, V4_SESSION));

    void establish() {
        ch.writeInbound(Peers.open(64512, 90), Peers.keepalive());
        assertThat(session.state()).isEqualTo(BgpSession.State.ESTABLISHED);
    }

    void reconcile(Advertisement... routes) {
        session.set(List.of(routes));
        loop.runPendingTasks();
    }

    @Test
    void aMissingNextHopIsLoggedOncePerPrefixNotOnEveryReconcile() {
        try (LogCapture log = new LogCapture()) {
            establish();
            for (int i = 0; i < 55; i++) {
                reconcile(V4, V6);
            }
            assertThat(log.containing("no IPv6 next hop")).singleElement().asString()
                    .contains("BGPPeer metallb-system/tor-v4 (192.0.2.2:179)").contains("2001:db8:0:0:0:0:0:7/128")
                    .contains("local address 192.0.2.1").contains("not announced");
            assertThat(session.prefixesAnnounced()).isEqualTo(1);

            reconcile(V4);                          // the IPv6 address went away ...
            reconcile(V4, V6);                      // ... and came back: worth saying again
            reconcile(V4, V6);
            assertThat(log.containing("no IPv6 next hop")).hasSize(2);

            Advertisement otherV6 = Advertisement.of(InetAddress.ofLiteral("2001:db8::8"));
            reconcile(V4, V6, otherV6);             // a new prefix is its own report
            reconcile(V4, V6, otherV6);
            assertThat(log.containing("no IPv6 next hop")).hasSize(3);

            Advertisement withV4NextHop = new Advertisement(V6.prefix(), InetAddress.ofLiteral("192.0.2.50"), 0, List.of());
            reconcile(V4, withV4NextHop, otherV6);  // the reason changed
            reconcile(V4, withV4NextHop, otherV6);
            assertThat(log.containing("no IPv6 next hop")).hasSize(4).last().asString()
                    .contains("next hop given 192.0.2.50");
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void sessionLogLinesNameTheBgpPeerObject() {
        try (LogCapture log = new LogCapture()) {
            establish();
            session.close();
            loop.runPendingTasks();
            ch.runPendingTasks();
            assertThat(log.lines()).isNotEmpty().allSatisfy(line ->
                    assertThat(line).contains("BGPPeer metallb-system/tor-v4 (192.0.2.2:179)"));
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("established"))
                    .anySatisfy(l -> assertThat(l).contains("administrative shutdown"));
        }
        ch.finishAndReleaseAll();
    }
}
