package io.strait.allocator.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile input: random bytes, and valid messages truncated, with a broken marker, bad lengths
 * or mutated octets. Whatever arrives, nothing escapes the pipeline; and when the session ends
 * because of the input, its last words are a NOTIFICATION, unless the peer's input was itself a
 * well-formed NOTIFICATION, which RFC 4271 §6 says is never answered with one.
 */
class BgpFuzzProperties {
    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, 3).flatMap(which ->
                Arbitraries.integers().between(0, 200).flatMap(pos -> Arbitraries.bytes().map(value -> {
                    byte[] base = valid(which);
                    byte[] copy = base.clone();
                    copy[pos % copy.length] = value;
                    return pos % 3 == 0 ? java.util.Arrays.copyOf(copy, pos % copy.length) : copy;
                })));
        return Arbitraries.oneOf(random, mutated);
    }

    static byte[] valid(int which) {
        ByteBuf b = switch (which) {
            case 0 -> Peers.open(64512, 90);
            case 1 -> Peers.keepalive();
            case 2 -> UpdateEncoder.announce(io.netty.buffer.ByteBufAllocator.DEFAULT,
                    Advertisement.of(java.net.InetAddress.ofLiteral("198.51.100.1"),
                            io.strait.allocator.config.Community.parse("1:2")),
                    java.net.InetAddress.ofLiteral("192.0.2.1"), 64513, false, true);
            default -> UpdateEncoder.withdraw(io.netty.buffer.ByteBufAllocator.DEFAULT,
                    Prefix.host(java.net.InetAddress.ofLiteral("198.51.100.1")));
        };
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    @Property(tries = 1000)
    void hostileInputEndsInANotificationNeverAnException(@ForAll("hostile") byte[] input,
                                                         @ForAll boolean established) {
        BgpSession session = Peers.session();
        EmbeddedChannel ch = Peers.fsm(session);
        Peers.written(ch);
        if (established) {
            ch.writeInbound(Peers.open(64512, 90), Peers.keepalive());
            Peers.written(ch);
        }
        ch.writeInbound(Unpooled.wrappedBuffer(input));
        ch.checkException();
        List<Object> sent = Peers.written(ch);
        if (!ch.isOpen() && !peerSentANotification(input)) {
            assertThat(sent).last().isInstanceOf(BgpMessage.Notification.class);
        }
        ch.finishAndReleaseAll();
    }

    /** Whether the input, framed on its own, holds a NOTIFICATION before any framing error. */
    static boolean peerSentANotification(byte[] input) {
        EmbeddedChannel reader = new EmbeddedChannel(new BgpFrameDecoder());
        reader.writeInbound(Unpooled.wrappedBuffer(input));
        boolean notification = false;
        for (Object o; (o = reader.readInbound()) != null && !(o instanceof BgpException); ) {
            notification |= o instanceof BgpMessage.Notification;
        }
        reader.finishAndReleaseAll();
        return notification;
    }

    @Property(tries = 300)
    void codecDecodesAnyBodyWithoutUncheckedExceptions(@ForAll("hostile") byte[] body, @ForAll int type) {
        try {
            BgpCodec.decode(1 + Math.floorMod(type, 4), Unpooled.wrappedBuffer(body));
        } catch (BgpException expected) {
            assertThat(expected.code()).isBetween(1, 6);
        }
    }
}
