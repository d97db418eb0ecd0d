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
 * well-formed NOTIFICATION, which RFC 4271 §6 says is never answered with one. OPENs round-trip
 * in both encodings of their optional parameters (RFC 4271 and RFC 9072's extended one).
 */
class BgpFuzzProperties {
    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, 4).flatMap(which ->
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
            case 4 -> Peers.extendedOpen(64512, 90);                      // RFC 9072
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

    @Provide
    Arbitrary<BgpMessage.Open> opens() {
        Arbitrary<List<Integer>> families = Arbitraries.integers().between(1, 0xffff)
                .flatMap(afi -> Arbitraries.integers().between(1, 255).map(safi -> afi << 8 | safi)).list().ofMaxSize(120);
        Arbitrary<Integer> hold = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(3, 0xffff));
        Arbitrary<Long> id = Arbitraries.longs().between(1, 0xffff_ffffL);
        return Arbitraries.longs().between(1, 0xffff_ffffL).flatMap(asn -> Arbitraries.of(true, false).flatMap(four ->
                families.flatMap(mp -> hold.flatMap(h -> id.flatMap(rid -> Arbitraries.of(true, false).map(ext ->
                        new BgpMessage.Open(4, four ? asn : asn & 0xffff | 1, h, rid, four, mp, ext)))))));
    }

    /** Encoded by Strait, an OPEN decodes to itself; it goes out extended only when asked or when it must (> 255 octets). */
    @Property(tries = 300)
    void openRoundTripsAndIsExtendedOnlyWhenItMustBe(@ForAll("opens") BgpMessage.Open open) throws BgpException {
        ByteBuf b = BgpCodec.encode(io.netty.buffer.ByteBufAllocator.DEFAULT, open);
        int capabilities = open.multiprotocol().size() * 6 + (open.fourOctetAs() ? 6 : 0);
        boolean extended = b.getUnsignedByte(BgpCodec.HEADER_LENGTH + 9) == 255
                && b.getUnsignedByte(BgpCodec.HEADER_LENGTH + 10) == 255;
        assertThat(extended).isEqualTo(open.extendedParameters() || capabilities + 2 > 255);
        assertThat(BgpCodec.decode(BgpMessage.OPEN, b.skipBytes(BgpCodec.HEADER_LENGTH))).isEqualTo(new BgpMessage.Open(
                4, open.asn(), open.holdTime(), open.routerId(), open.fourOctetAs(), open.multiprotocol(), extended));
        b.release();
    }

    /**
     * The same OPEN written by hand in RFC 9072's encoding, its capabilities split over any number
     * of parameters (each with a two-octet length), decodes to the same OPEN, marked extended.
     */
    @Property(tries = 300)
    void theExtendedEncodingDecodesLikeTheClassicOne(@ForAll("opens") BgpMessage.Open open,
                                                     @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 8) int parameters)
            throws BgpException {
        List<byte[]> caps = new java.util.ArrayList<>();
        for (int afiSafi : open.multiprotocol()) {
            caps.add(new byte[] {1, 4, (byte) (afiSafi >> 16), (byte) (afiSafi >> 8), 0, (byte) afiSafi});
        }
        if (open.fourOctetAs()) {
            long a = open.asn();
            caps.add(new byte[] {65, 4, (byte) (a >> 24), (byte) (a >> 16), (byte) (a >> 8), (byte) a});
        }
        ByteBuf params = Unpooled.buffer();
        int per = Math.max(1, (caps.size() + parameters - 1) / parameters);
        for (int i = 0; i < caps.size() || (i == 0 && caps.isEmpty()); i += per) {
            List<byte[]> group = caps.subList(Math.min(i, caps.size()), Math.min(i + per, caps.size()));
            params.writeByte(2).writeShort(group.size() * 6);
            group.forEach(params::writeBytes);
        }
        ByteBuf body = Unpooled.buffer();
        body.writeByte(4).writeShort(open.asn() > 0xffff ? BgpCodec.AS_TRANS : (int) open.asn())
                .writeShort(open.holdTime()).writeInt((int) open.routerId());
        body.writeByte(255).writeByte(255).writeShort(params.readableBytes()).writeBytes(params);
        assertThat(BgpCodec.decode(BgpMessage.OPEN, body)).isEqualTo(new BgpMessage.Open(
                4, open.asn(), open.holdTime(), open.routerId(), open.fourOctetAs(), open.multiprotocol(), true));
    }
}
