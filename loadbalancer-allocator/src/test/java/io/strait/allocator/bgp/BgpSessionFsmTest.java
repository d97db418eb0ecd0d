package io.strait.allocator.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.strait.allocator.config.Community;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgpSessionFsmTest {
    @Test
    void opensWithFourOctetAsAndMultiprotocolThenEstablishesAndAnnounces() {
        BgpSession session = Peers.session();
        session.set(List.of(new Advertisement(Prefix.host(InetAddress.ofLiteral("198.51.100.7")),
                InetAddress.ofLiteral("192.0.2.1"), 0, List.of(Community.parse("64512:100"),
                Community.parse("large:64512:1:2")))));
        EmbeddedChannel ch = Peers.fsm(session);
        List<Object> sent = Peers.written(ch);
        assertThat(sent).singleElement().isEqualTo(new BgpMessage.Open(4, 64513, 9, 0xc0000201L, true,
                List.of(1 << 8 | 1, 2 << 8 | 1)));
        ch.writeInbound(Peers.open(64512, 90));
        assertThat(Peers.written(ch)).containsExactly(new BgpMessage.Keepalive());
        assertThat(session.state()).isEqualTo(BgpSession.State.OPEN_CONFIRM);
        ch.writeInbound(Peers.keepalive());
        assertThat(session.state()).isEqualTo(BgpSession.State.ESTABLISHED);
        List<Object> updates = Peers.written(ch);
        assertThat(updates).singleElement().isInstanceOfSatisfying(BgpMessage.Update.class, u -> {
            assertThat(u.nlri()).extracting(Prefix::toString).containsExactly("198.51.100.7/32");
            assertThat(u.attributeCount()).isEqualTo(5); // ORIGIN, AS_PATH, NEXT_HOP, COMMUNITIES, LARGE_COMMUNITY
        });
        ch.finishAndReleaseAll();
    }

    @Test
    void aWrongPeerAsGetsANotificationAndTheSessionCloses() {
        EmbeddedChannel ch = Peers.fsm(Peers.session());
        Peers.written(ch);
        ch.writeInbound(Peers.open(65000, 90));
        assertThat(Peers.written(ch)).singleElement().isInstanceOfSatisfying(BgpMessage.Notification.class,
                n -> assertThat(n.code() * 10 + n.subcode()).isEqualTo(22));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aBadMarkerIsAHeaderErrorNotAnException() {
        EmbeddedChannel ch = Peers.fsm(Peers.session());
        Peers.written(ch);
        byte[] junk = new byte[19];
        junk[16] = 0;
        junk[17] = 19;
        junk[18] = 4;
        ch.writeInbound(Unpooled.wrappedBuffer(junk));
        assertThat(Peers.written(ch)).singleElement().isInstanceOfSatisfying(BgpMessage.Notification.class,
                n -> assertThat(n.code() * 10 + n.subcode()).isEqualTo(11));
        assertThat(ch.isOpen()).isFalse();
        ch.checkException();
    }

    /** The input jqwik found: a peer's NOTIFICATION (even with an unknown code) ends the session, unanswered. */
    @Test
    void aNotificationFromThePeerClosesTheSessionWithoutAReply() {
        EmbeddedChannel ch = Peers.fsm(Peers.session());
        Peers.written(ch);
        ch.writeInbound(Peers.open(64512, 90), Peers.keepalive());
        Peers.written(ch);
        byte[] notification = new byte[28];
        java.util.Arrays.fill(notification, 0, 16, (byte) 0xff);
        byte[] rest = {0, 28, 3, 0, 5, 32, -58, 51, 100, 1, 0, 0};
        System.arraycopy(rest, 0, notification, 16, rest.length);
        ch.writeInbound(Unpooled.wrappedBuffer(notification));
        ch.checkException();
        assertThat(ch.isOpen()).isFalse();
        assertThat(Peers.written(ch)).isEmpty();
    }

    /** RFC 9072: FRR with extended-optional-parameters; before, this OPEN was refused and the session never came up. */
    @Test
    void anExtendedOpenFromThePeerEstablishes() {
        BgpSession session = Peers.session();
        EmbeddedChannel ch = Peers.fsm(session);
        Peers.written(ch);
        ch.writeInbound(Peers.extendedOpen(64512, 90));
        assertThat(Peers.written(ch)).containsExactly(new BgpMessage.Keepalive());
        ch.writeInbound(Peers.keepalive());
        assertThat(session.state()).isEqualTo(BgpSession.State.ESTABLISHED);
        ch.finishAndReleaseAll();
    }

    /**
     * FRR with extended-optional-parameters sends its OPEN extended and misreads a classic one
     * (OPEN Message Error): the session's next connection speaks the peer's encoding, and a peer
     * seen sending a classic OPEN gets classic ones again.
     */
    @Test
    void theNextOpenFollowsTheEncodingOfThePeersLastOpen() {
        BgpSession session = Peers.session();
        EmbeddedChannel first = Peers.fsm(session);
        assertThat(Peers.written(first)).singleElement().isInstanceOfSatisfying(BgpMessage.Open.class,
                o -> assertThat(o.extendedParameters()).isFalse());
        first.writeInbound(Peers.extendedOpen(64512, 90));
        first.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(java.util.HexFormat.of().parseHex(
                "ff".repeat(16) + "0015" + "03" + "0200")));                      // NOTIFICATION 2/0
        assertThat(first.isOpen()).isFalse();
        EmbeddedChannel second = Peers.fsm(session);
        assertThat(Peers.written(second)).singleElement().isInstanceOfSatisfying(BgpMessage.Open.class,
                o -> assertThat(o.extendedParameters()).isTrue());
        second.writeInbound(Peers.open(64512, 90));
        second.close();
        EmbeddedChannel third = Peers.fsm(session);
        assertThat(Peers.written(third)).singleElement().isInstanceOfSatisfying(BgpMessage.Open.class,
                o -> assertThat(o.extendedParameters()).isFalse());
        third.finishAndReleaseAll();
    }

    /** No routerID and an IPv6 session on no interface with IPv4: the node name's hash, not 0.0.0.1 for all. */
    @Test
    void ipv6SessionsOfDifferentNodesPresentDifferentIdentifiers() {
        for (var node : java.util.Map.of("node-a", "171.77.153.120", "node-b", "17.28.144.225").entrySet()) {
            BgpSession.Settings v6 = new BgpSession.Settings("metallb-system/tor6",
                    new java.net.InetSocketAddress(InetAddress.ofLiteral("2001:db8:ffff::2"), 179),
                    InetAddress.ofLiteral("2001:db8:ffff::1"), 64513, 64512, null, java.time.Duration.ofSeconds(9),
                    java.time.Duration.ofSeconds(3), null, node.getKey());
            EmbeddedChannel ch = new EmbeddedChannel(new BgpFrameDecoder(), new SessionHandler(Peers.session(), v6));
            assertThat(Peers.written(ch)).singleElement().isInstanceOfSatisfying(BgpMessage.Open.class,
                    o -> assertThat(RouterId.format(o.routerId())).isEqualTo(node.getValue()));
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void closeSendsCeaseAdministrativeShutdownThenCloses() {
        for (boolean established : List.of(true, false)) {
            EmbeddedChannel loop = new EmbeddedChannel();
            BgpSession session = new BgpSession(loop.eventLoop(), Peers.SETTINGS);
            EmbeddedChannel ch = Peers.fsm(session);
            Peers.written(ch);
            if (established) {
                ch.writeInbound(Peers.open(64512, 90), Peers.keepalive());
                Peers.written(ch);
            }
            session.close();
            loop.runPendingTasks();
            ch.runPendingTasks();
            byte[] data = BgpException.shutdownCommunication(BgpSession.SHUTDOWN_COMMUNICATION);
            assertThat(Peers.written(ch)).as("established %s", established).singleElement()
                    .isInstanceOfSatisfying(BgpMessage.Notification.class, n -> {
                        assertThat(n.code() * 10 + n.subcode()).isEqualTo(62);
                        assertThat(n.data()).isEqualTo(data);
                        assertThat(n.toString()).endsWith("administrative shutdown): \"Strait speaker stopping\"");
                    });
            assertThat(ch.isOpen()).isFalse();
            ch.finishAndReleaseAll();
        }
    }
}
