package io.strait.allocator.l2;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * What an {@link L2Responder} speaks on its interface: ARP for IPv4 (RFC 826, announcements as in
 * RFC 5227 §3) or NDP for IPv6 (RFC 4861 §7.2.4 answers, §7.2.6 unsolicited advertisements). Each
 * says which frames its socket takes (the EtherType and a classic BPF filter, so the kernel hands
 * over only ARP, or only neighbour solicitations rather than all IPv6 traffic), how a request for
 * an announced address is answered, what is sent on takeover, and which multicast group must be
 * received for an address (NDP: the solicited-node group, which no interface joins for an address
 * it does not hold). Stateless.
 */
public enum L2Protocol {
    ARP(0x0806) {
        @Override
        public boolean speaksFor(InetAddress ip) {
            return ip instanceof Inet4Address;
        }

        @Override
        Optional<byte[]> answer(byte[] frame, int length, byte[] mac, Set<InetAddress> announced) {
            ArpPacket p = ArpPacket.parse(frame, length);
            if (p == null || p.op() != ArpPacket.REQUEST || p.isGratuitous() || Arrays.equals(p.senderMac(), mac)
                    || !announced.contains(p.targetIp())) {
                return Optional.empty();
            }
            return Optional.of(p.replyFrom(mac).encode());
        }

        @Override
        byte[] announcement(byte[] mac, InetAddress ip) {
            return ArpPacket.gratuitous(mac, ip).encode();
        }

        @Override
        Optional<Inet6Address> group(InetAddress ip) {
            return Optional.empty();
        }

        @Override
        int[][] filter() {
            return new int[][] {
                    {LDH_ABS, 0, 0, 12},
                    {JEQ_K, 0, 1, 0x0806},
                    {RET_K, 0, 0, ACCEPT},
                    {RET_K, 0, 0, 0}};
        }
    },
    NDP(NdpPacket.ETHERTYPE) {
        @Override
        public boolean speaksFor(InetAddress ip) {
            return ip instanceof Inet6Address;
        }

        @Override
        Optional<byte[]> answer(byte[] frame, int length, byte[] mac, Set<InetAddress> announced) {
            return NdpPacket.parse(frame, length)
                    .filter(p -> p.isSolicitation() && !Arrays.equals(p.ethSrc(), mac) && announced.contains(p.target()))
                    .map(p -> p.answerFrom(mac).encode());
        }

        @Override
        byte[] announcement(byte[] mac, InetAddress ip) {
            return NdpPacket.unsolicited(mac, (Inet6Address) ip).encode();
        }

        @Override
        Optional<Inet6Address> group(InetAddress ip) {
            return Optional.of(NdpPacket.solicitedNode(ip));
        }

        @Override
        int[][] filter() {
            return new int[][] {
                    {LDH_ABS, 0, 0, 12},
                    {JEQ_K, 0, 5, NdpPacket.ETHERTYPE},
                    {LDB_ABS, 0, 0, 20},                        // IPv6 next header
                    {JEQ_K, 0, 3, 58},                          // ICMPv6, no extension header
                    {LDB_ABS, 0, 0, NdpPacket.ICMP},            // ICMPv6 type
                    {JEQ_K, 0, 1, NdpPacket.SOLICITATION},
                    {RET_K, 0, 0, ACCEPT},
                    {RET_K, 0, 0, 0}};
        }
    };

    private static final int LDH_ABS = 0x28;
    private static final int LDB_ABS = 0x30;
    private static final int JEQ_K = 0x15;
    private static final int RET_K = 0x06;
    private static final int ACCEPT = 0x40000;

    private final int etherType;

    L2Protocol(int etherType) {
        this.etherType = etherType;
    }

    /** The protocol announcing ip: ARP for IPv4, NDP for IPv6. */
    public static L2Protocol of(InetAddress ip) {
        return ip instanceof Inet4Address ? ARP : NDP;
    }

    /** The EtherType the socket is bound to. */
    int etherType() {
        return etherType;
    }

    /** Whether this protocol announces ip (ARP: IPv4, NDP: IPv6). */
    public abstract boolean speaksFor(InetAddress ip);

    /** The frame answering a received one, when it asks for an announced address; else empty. Never throws. */
    abstract Optional<byte[]> answer(byte[] frame, int length, byte[] mac, Set<InetAddress> announced);

    /** The gratuitous ARP or unsolicited neighbour advertisement saying ip is at mac. */
    abstract byte[] announcement(byte[] mac, InetAddress ip);

    /** The multicast group the interface must receive for requests about ip (NDP: its solicited-node group). */
    abstract Optional<Inet6Address> group(InetAddress ip);

    /** A classic BPF program ({code, jt, jf, k} per instruction) accepting only the frames {@link #answer} reads. */
    abstract int[][] filter();
}
