package io.strait.allocator.bgp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: a session's FSM on an EmbeddedChannel, and decoding what it wrote. */
final class Peers {
    static final BgpSession.Settings SETTINGS = new BgpSession.Settings("metallb-system/tor",
            new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 179), null, 64513, 64512,
            InetAddress.ofLiteral("192.0.2.1"), Duration.ofSeconds(9), Duration.ofSeconds(3), null, "node-a");

    private Peers() {}

    static EmbeddedChannel fsm(BgpSession session) {
        return new EmbeddedChannel(new BgpFrameDecoder(), new SessionHandler(session, SETTINGS));
    }

    static BgpSession session() {
        return new BgpSession(new EmbeddedChannel().eventLoop(), SETTINGS);
    }

    static ByteBuf open(long asn, int hold) {
        return BgpCodec.encode(ByteBufAllocator.DEFAULT, new BgpMessage.Open(4, asn, hold, 0x0a0a0a0aL, true, List.of(1 << 8 | 1)));
    }

    /** An OPEN in RFC 9072's extended encoding, as FRR sends it with extended-optional-parameters. */
    static ByteBuf extendedOpen(long asn, int hold) {
        ByteBuf b = io.netty.buffer.Unpooled.buffer();
        b.writeBytes(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1});
        b.writeShort(19 + 9 + 4 + 15).writeByte(BgpMessage.OPEN);
        b.writeByte(4).writeShort(asn > 0xffff ? 23456 : (int) asn).writeShort(hold).writeInt(0x0a0a0a0a);
        b.writeByte(255).writeByte(255).writeShort(15);                  // Non-Ext OP Len, Non-Ext OP Type, length
        b.writeByte(2).writeShort(12);                                   // Capabilities, two-octet length
        b.writeBytes(new byte[] {1, 4, 0, 1, 0, 1}).writeByte(65).writeByte(4).writeInt((int) asn);
        return b;
    }

    static ByteBuf keepalive() {
        return BgpCodec.encode(ByteBufAllocator.DEFAULT, new BgpMessage.Keepalive());
    }

    /** Every message the session wrote so far, decoded (via a fresh decoder). */
    static List<Object> written(EmbeddedChannel ch) {
        EmbeddedChannel reader = new EmbeddedChannel(new BgpFrameDecoder());
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            reader.writeInbound(b);
        }
        List<Object> out = new ArrayList<>();
        for (Object o; (o = reader.readInbound()) != null; ) {
            out.add(o);
        }
        reader.finishAndReleaseAll();
        return out;
    }
}
