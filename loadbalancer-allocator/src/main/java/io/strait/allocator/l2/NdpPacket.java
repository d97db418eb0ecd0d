package io.strait.allocator.l2;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An Ethernet frame carrying an ICMPv6 Neighbor Solicitation or Neighbor Advertisement (RFC 4861
 * §4.3, §4.4), parsed from untrusted bytes with the receiver's checks of §7.1.1 and §7.1.2: IPv6
 * with no extension header, hop limit 255, a correct ICMPv6 checksum over the pseudo-header (RFC
 * 8200 §8.1), code 0, ICMP length 24 or more, a target that is not multicast, options of non-zero
 * length within the message; a solicitation from the unspecified address (duplicate address
 * detection) is sent to the target's solicited-node group and carries no source link-layer option;
 * a multicast solicitation from a real address carries one (§4.3); an advertisement to a multicast
 * address has the Solicited flag clear. Anything else parses to empty, never to an exception.
 * Immutable.
 *
 * @param type      {@link #SOLICITATION} or {@link #ADVERTISEMENT}
 * @param flags     advertisement flags as the first octet after the checksum ({@link #ROUTER}, {@link #SOLICITED},
 *                  {@link #OVERRIDE}); 0 for a solicitation
 * @param linkLayer the source (solicitation) or target (advertisement) link-layer address option: 6 octets, or
 *                  none (empty) when absent
 */
public record NdpPacket(byte[] ethDst, byte[] ethSrc, Inet6Address source, Inet6Address destination, int type,
                        int flags, Inet6Address target, byte[] linkLayer) {
    public static final int SOLICITATION = 135;
    public static final int ADVERTISEMENT = 136;
    public static final int ROUTER = 0x80;
    public static final int SOLICITED = 0x40;
    public static final int OVERRIDE = 0x20;
    static final int ETHERTYPE = 0x86DD;
    static final int ICMP = 14 + 40;
    private static final int MIN_ICMP_LENGTH = 24;
    private static final int NEXT_HEADER_ICMPV6 = 58;
    private static final int HOP_LIMIT = 255;
    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    private static final Inet6Address ALL_NODES = address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 0);

    public NdpPacket {
        ethDst = ethDst.clone();
        ethSrc = ethSrc.clone();
        linkLayer = linkLayer.clone();
        if (linkLayer.length != 0 && linkLayer.length != 6) {
            throw new IllegalArgumentException("an Ethernet link-layer address has 6 octets, not " + linkLayer.length);
        }
    }

    /** Parses a received frame; empty when it is not a valid Ethernet IPv6 NS or NA. */
    public static Optional<NdpPacket> parse(byte[] frame, int length) {
        if (frame == null || length < ICMP + MIN_ICMP_LENGTH || length > frame.length || u16(frame, 12) != ETHERTYPE
                || (frame[14] & 0xf0) != 0x60 || frame[20] != NEXT_HEADER_ICMPV6 || (frame[21] & 0xff) != HOP_LIMIT) {
            return Optional.empty();
        }
        int icmpLength = u16(frame, 18);
        int type = frame[ICMP] & 0xff;
        if (icmpLength < MIN_ICMP_LENGTH || ICMP + icmpLength > length || (type != SOLICITATION && type != ADVERTISEMENT)
                || frame[ICMP + 1] != 0 || checksum(frame, icmpLength) != 0) {
            return Optional.empty();
        }
        Inet6Address source = address(frame, 22);
        Inet6Address destination = address(frame, 38);
        Inet6Address target = address(frame, ICMP + 8);
        int flags = type == ADVERTISEMENT ? frame[ICMP + 4] & (ROUTER | SOLICITED | OVERRIDE) : 0;
        byte[] linkLayer = new byte[0];
        int wantedOption = type == SOLICITATION ? 1 : 2;
        for (int at = ICMP + MIN_ICMP_LENGTH, end = ICMP + icmpLength; at < end; ) {
            int optionLength = at + 1 < end ? (frame[at + 1] & 0xff) * 8 : 0;
            if (optionLength == 0 || at + optionLength > end) {
                return Optional.empty();
            }
            if (frame[at] == wantedOption && optionLength == 8) {
                linkLayer = Arrays.copyOfRange(frame, at + 2, at + 8);
            }
            at += optionLength;
        }
        if (target.isMulticastAddress() || source.isMulticastAddress()) {
            return Optional.empty();
        }
        if (type == SOLICITATION) {
            boolean dad = source.isAnyLocalAddress();
            if (dad && (linkLayer.length != 0 || !destination.equals(solicitedNode(target)))
                    || !dad && destination.isMulticastAddress() && linkLayer.length == 0) {
                return Optional.empty();
            }
        } else if (destination.isMulticastAddress() && (flags & SOLICITED) != 0) {
            return Optional.empty();
        }
        return Optional.of(new NdpPacket(Arrays.copyOfRange(frame, 0, 6), Arrays.copyOfRange(frame, 6, 12), source,
                destination, type, flags, target, linkLayer));
    }

    /** The frame, with hop limit 255 and the ICMPv6 checksum filled in (no padding: the NIC pads). */
    public byte[] encode() {
        int icmpLength = MIN_ICMP_LENGTH + (linkLayer.length == 0 ? 0 : 8);
        byte[] f = new byte[ICMP + icmpLength];
        System.arraycopy(ethDst, 0, f, 0, 6);
        System.arraycopy(ethSrc, 0, f, 6, 6);
        f[12] = (byte) (ETHERTYPE >> 8);
        f[13] = (byte) ETHERTYPE;
        f[14] = 0x60;
        f[18] = (byte) (icmpLength >> 8);
        f[19] = (byte) icmpLength;
        f[20] = NEXT_HEADER_ICMPV6;
        f[21] = (byte) HOP_LIMIT;
        System.arraycopy(source.getAddress(), 0, f, 22, 16);
        System.arraycopy(destination.getAddress(), 0, f, 38, 16);
        f[ICMP] = (byte) type;
        f[ICMP + 4] = (byte) flags;
        System.arraycopy(target.getAddress(), 0, f, ICMP + 8, 16);
        if (linkLayer.length != 0) {
            f[ICMP + 24] = (byte) (type == SOLICITATION ? 1 : 2);
            f[ICMP + 25] = 1;
            System.arraycopy(linkLayer, 0, f, ICMP + 26, 6);
        }
        int sum = checksum(f, icmpLength);
        f[ICMP + 2] = (byte) (sum >> 8);
        f[ICMP + 3] = (byte) sum;
        return f;
    }

    /** A solicitation as a host resolving target sends it: to the solicited-node group, with its MAC. */
    public static NdpPacket solicitation(byte[] mac, Inet6Address source, Inet6Address target) {
        return new NdpPacket(solicitedNodeMac(target), mac, source, solicitedNode(target), SOLICITATION, 0, target,
                source.isAnyLocalAddress() ? new byte[0] : mac);
    }

    /**
     * The advertisement answering this solicitation from the node owning mac (§7.2.4): solicited and
     * overriding, unicast to the soliciter (at its link-layer option, else the frame's source); to a
     * duplicate address detection (unspecified source) unsolicited, to all nodes.
     */
    public NdpPacket answerFrom(byte[] mac) {
        if (source.isAnyLocalAddress()) {
            return unsolicited(mac, target);
        }
        return new NdpPacket(linkLayer.length == 0 ? ethSrc : linkLayer, mac, target, source, ADVERTISEMENT,
                SOLICITED | OVERRIDE, target, mac);
    }

    /** An unsolicited advertisement (§7.2.6): to all nodes, Override set, Solicited clear, so caches switch to mac. */
    public static NdpPacket unsolicited(byte[] mac, Inet6Address ip) {
        return new NdpPacket(ALL_NODES_MAC, mac, ip, ALL_NODES, ADVERTISEMENT, OVERRIDE, ip, mac);
    }

    /** The solicited-node multicast address of ip (RFC 4291 §2.7.1): ff02::1:ff plus its low 24 bits. */
    public static Inet6Address solicitedNode(InetAddress ip) {
        byte[] a = ip.getAddress();
        return address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xff, a[a.length - 3],
                a[a.length - 2], a[a.length - 1]}, 0);
    }

    /** The Ethernet group of ip's solicited-node address (RFC 2464 §7): 33:33:ff plus its low 24 bits. */
    public static byte[] solicitedNodeMac(InetAddress ip) {
        byte[] a = ip.getAddress();
        return new byte[] {0x33, 0x33, (byte) 0xff, a[a.length - 3], a[a.length - 2], a[a.length - 1]};
    }

    public boolean isSolicitation() {
        return type == SOLICITATION;
    }

    /**
     * The one's complement of the one's complement sum of the pseudo-header (source, destination,
     * upper-layer length, next header) and the ICMPv6 message: 0 when a received checksum is right,
     * the value to store when the checksum field is 0.
     */
    static int checksum(byte[] f, int icmpLength) {
        long sum = icmpLength + NEXT_HEADER_ICMPV6;
        for (int i = 22; i < 54; i += 2) {
            sum += u16(f, i);
        }
        for (int i = ICMP; i < ICMP + icmpLength; i += 2) {
            sum += i + 1 < ICMP + icmpLength ? u16(f, i) : (f[i] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) ~sum & 0xffff;
    }

    private static int u16(byte[] f, int at) {
        return (f[at] & 0xff) << 8 | (f[at + 1] & 0xff);
    }

    private static Inet6Address address(byte[] f, int at) {
        try {
            // Inet6Address even for ::ffff:a.b.c.d, which InetAddress.getByAddress would turn into IPv4
            return Inet6Address.getByAddress(null, Arrays.copyOfRange(f, at, at + 16), null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 octets are always an IPv6 address", e);
        }
    }
}
