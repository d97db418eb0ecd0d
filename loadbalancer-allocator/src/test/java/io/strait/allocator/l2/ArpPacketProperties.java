package io.strait.allocator.l2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The ARP codec on untrusted frames: random and mutated input never throws; valid frames round-trip. */
class ArpPacketProperties {
    @Provide
    Arbitrary<InetAddress> ipv4() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> {
            try {
                return InetAddress.getByAddress(b);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Property(tries = 1000)
    void anyBytesParseToAPacketOrNullNeverAnException(@ForAll @Size(max = 100) byte[] frame, @ForAll @IntRange(max = 120) int length) {
        ArpPacket p = ArpPacket.parse(frame, length);
        if (p != null) {
            assertThat(p.op()).isIn(1, 2);
        }
    }

    @Property(tries = 500)
    void mutatedValidFramesNeverThrow(@ForAll("ipv4") InetAddress ip, @ForAll @IntRange(max = 41) int at, @ForAll byte value) {
        byte[] frame = ArpPacket.gratuitous(new byte[] {2, 0, 0, 0, 0, 1}, ip).encode();
        frame[at] = value;
        ArpPacket.parse(frame, frame.length);
    }

    @Property(tries = 500)
    void encodeThenParseRoundTrips(@ForAll("ipv4") InetAddress sender, @ForAll("ipv4") InetAddress target,
                                   @ForAll @Size(6) byte[] mac, @ForAll @Size(6) byte[] ourMac) {
        ArpPacket request = new ArpPacket(ArpPacket.BROADCAST, mac, ArpPacket.REQUEST, mac, sender, new byte[6], target);
        ArpPacket parsed = ArpPacket.parse(request.encode(), ArpPacket.FRAME_LENGTH);
        assertThat(parsed.encode()).isEqualTo(request.encode());
        ArpPacket reply = ArpPacket.parse(parsed.replyFrom(ourMac).encode(), ArpPacket.FRAME_LENGTH);
        assertThat(reply.op()).isEqualTo(ArpPacket.REPLY);
        assertThat(reply.senderIp()).isEqualTo(target);
        assertThat(reply.targetIp()).isEqualTo(sender);
        assertThat(reply.senderMac()).isEqualTo(ourMac);
        assertThat(reply.ethDst()).isEqualTo(mac);
    }
}
