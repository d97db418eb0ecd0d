package io.strait.allocator.l2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The NDP codec on untrusted frames: random, truncated and mutated input never throws; valid
 * solicitations and advertisements round-trip with a checksum that verifies; one advertisement
 * matches bytes computed independently (Python, RFC 4861 §4.4 and RFC 8200 §8.1 by hand).
 */
class NdpPacketProperties {
    static final byte[] MAC = {2, 0, 0, 0, 0, 1};

    @Provide
    Arbitrary<Inet6Address> unicast() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16).filter(b -> b[0] != (byte) 0xff).map(b -> {
            try {
                return Inet6Address.getByAddress(null, b, null);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Example
    void anUnsolicitedAdvertisementMatchesGoldenBytes() {
        byte[] golden = HexFormat.of().parseHex("33330000000102000000000186dd6000000000203afffd0000000000000000000000"
                + "00000050ff020000000000000000000000000001880059fd20000000fd000000000000000000000000000050"
                + "0201020000000001");
        NdpPacket na = NdpPacket.unsolicited(MAC, (Inet6Address) InetAddress.ofLiteral("fd00::50"));
        assertThat(HexFormat.of().formatHex(na.encode())).isEqualTo(HexFormat.of().formatHex(golden));
        assertThat(NdpPacket.parse(golden, golden.length)).get().satisfies(p -> {
            assertThat(p.flags()).isEqualTo(NdpPacket.OVERRIDE);
            assertThat(p.linkLayer()).isEqualTo(MAC);
        });
    }

    @Property(tries = 1000)
    void anyBytesParseToAPacketOrEmptyNeverAnException(@ForAll @Size(max = 120) byte[] frame, @ForAll @IntRange(max = 130) int length) {
        NdpPacket.parse(frame, length).ifPresent(p -> assertThat(p.type()).isIn(135, 136));
    }

    @Property(tries = 1000)
    void truncatedOrMutatedValidFramesNeverThrowAndAMutationIsCaught(@ForAll("unicast") Inet6Address source,
            @ForAll("unicast") Inet6Address target, @ForAll @IntRange(max = 85) int at, @ForAll byte value,
            @ForAll @IntRange(max = 86) int length) {
        byte[] frame = NdpPacket.solicitation(MAC, source, target).encode();
        assertThat(NdpPacket.parse(frame, length).isPresent()).as("cut to %d of %d octets", length, frame.length)
                .isEqualTo(length == frame.length);
        byte[] mutated = frame.clone();
        at = at % frame.length;
        mutated[at] = value;
        var parsed = NdpPacket.parse(mutated, mutated.length);
        if (at >= 20 && value != frame[at]) {
            // past traffic class, flow label and payload length, every octet is checked or checksummed
            assertThat(parsed).isEmpty();
        }
    }

    @Property(tries = 500)
    void solicitationAndAnswerRoundTripWithAVerifyingChecksum(@ForAll("unicast") Inet6Address source,
            @ForAll("unicast") Inet6Address target, @ForAll @Size(6) byte[] client, @ForAll @Size(6) byte[] ours) {
        NdpPacket ns = NdpPacket.solicitation(client, source, target);
        byte[] frame = ns.encode();
        assertThat(NdpPacket.checksum(frame, frame.length - NdpPacket.ICMP)).isZero();
        NdpPacket parsed = NdpPacket.parse(frame, frame.length).orElseThrow();
        assertThat(parsed.encode()).isEqualTo(frame);
        assertThat(parsed.isSolicitation()).isTrue();
        assertThat(parsed.destination()).isEqualTo(NdpPacket.solicitedNode(target));
        assertThat(parsed.ethDst()).isEqualTo(NdpPacket.solicitedNodeMac(target));

        byte[] answer = parsed.answerFrom(ours).encode();
        NdpPacket na = NdpPacket.parse(answer, answer.length).orElseThrow();
        assertThat(na.type()).isEqualTo(NdpPacket.ADVERTISEMENT);
        assertThat(na.target()).isEqualTo(target);
        assertThat(na.linkLayer()).isEqualTo(ours);
        if (source.isAnyLocalAddress()) {
            assertThat(na.destination().getHostAddress()).isEqualTo("ff02:0:0:0:0:0:0:1");
            assertThat(na.flags()).isEqualTo(NdpPacket.OVERRIDE);
        } else {
            assertThat(na.destination()).isEqualTo(source);
            assertThat(na.ethDst()).isEqualTo(client);
            assertThat(na.flags()).isEqualTo(NdpPacket.SOLICITED | NdpPacket.OVERRIDE);
        }
        // Ethernet padding after the message is ignored
        byte[] padded = Arrays.copyOf(answer, answer.length + 10);
        assertThat(NdpPacket.parse(padded, padded.length)).isPresent();
    }

    @Example
    void receiverChecksOfRfc4861AreApplied() {
        Inet6Address client = (Inet6Address) InetAddress.ofLiteral("fd00::100");
        Inet6Address vip = (Inet6Address) InetAddress.ofLiteral("fd00::50");
        byte[] ok = NdpPacket.solicitation(MAC, client, vip).encode();
        assertThat(NdpPacket.parse(ok, ok.length)).isPresent();

        byte[] hopLimit = ok.clone();
        hopLimit[21] = 64;                                                   // forwarded by a router
        assertThat(NdpPacket.parse(hopLimit, hopLimit.length)).isEmpty();
        assertThat(parseResigned(new NdpPacket(NdpPacket.solicitedNodeMac(vip), MAC, client, NdpPacket.solicitedNode(vip),
                NdpPacket.SOLICITATION, 0, vip, new byte[0]), f -> { })).as("multicast NS without SLLA").isEmpty();
        assertThat(parseResigned(new NdpPacket(MAC, MAC, client, vip, NdpPacket.SOLICITATION, 0, vip, new byte[0]),
                f -> { })).as("unicast NS without SLLA").isPresent();
        assertThat(parseResigned(new NdpPacket(MAC, MAC, (Inet6Address) InetAddress.ofLiteral("::"),
                NdpPacket.solicitedNode(vip), NdpPacket.SOLICITATION, 0, vip, MAC), f -> { }))
                .as("DAD with SLLA").isEmpty();
        assertThat(parseResigned(new NdpPacket(MAC, MAC, client, NdpPacket.solicitedNode(vip), NdpPacket.SOLICITATION,
                0, (Inet6Address) InetAddress.ofLiteral("ff02::1"), MAC), f -> { })).as("multicast target").isEmpty();
        assertThat(parseResigned(NdpPacket.solicitation(MAC, client, vip), f -> f[NdpPacket.ICMP + 1] = 1))
                .as("code 1").isEmpty();
        assertThat(parseResigned(NdpPacket.solicitation(MAC, client, vip), f -> f[NdpPacket.ICMP + 25] = 0))
                .as("option of length 0").isEmpty();
        assertThat(parseResigned(new NdpPacket(MAC, MAC, vip, NdpPacket.solicitedNode(vip), NdpPacket.ADVERTISEMENT,
                NdpPacket.SOLICITED, vip, MAC), f -> { })).as("solicited NA to a multicast address").isEmpty();
    }

    /** Encodes p, changes it, then fixes the checksum so only the change itself can make it invalid. */
    static java.util.Optional<NdpPacket> parseResigned(NdpPacket p, java.util.function.Consumer<byte[]> change) {
        byte[] f = p.encode();
        change.accept(f);
        f[NdpPacket.ICMP + 2] = 0;
        f[NdpPacket.ICMP + 3] = 0;
        int sum = NdpPacket.checksum(f, f.length - NdpPacket.ICMP);
        f[NdpPacket.ICMP + 2] = (byte) (sum >> 8);
        f[NdpPacket.ICMP + 3] = (byte) sum;
        return NdpPacket.parse(f, f.length);
    }
}
