package io.strait.allocator.l2;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An Ethernet frame carrying an IPv4 ARP message (RFC 826), parsed from untrusted bytes: anything
 * that is not Ethernet/IPv4 ARP of the right sizes is rejected with {@code null}, never an
 * exception. Immutable.
 *
 * @param op 1 request, 2 reply
 */
public record ArpPacket(byte[] ethDst, byte[] ethSrc, int op, byte[] senderMac, InetAddress senderIp,
                        byte[] targetMac, InetAddress targetIp) {
    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    public static final int FRAME_LENGTH = 42;
    static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    public ArpPacket {
        ethDst = ethDst.clone();
        ethSrc = ethSrc.clone();
        senderMac = senderMac.clone();
        targetMac = targetMac.clone();
    }

    /** Parses a received frame; null when it is not an Ethernet IPv4 ARP request or reply. */
    public static ArpPacket parse(byte[] frame, int length) {
        if (frame == null || length < FRAME_LENGTH || length > frame.length) {
            return null;
        }
        if (u16(frame, 12) != 0x0806 || u16(frame, 14) != 1 || u16(frame, 16) != 0x0800
                || frame[18] != 6 || frame[19] != 4) {
            return null;
        }
        int op = u16(frame, 20);
        if (op != REQUEST && op != REPLY) {
            return null;
        }
        return new ArpPacket(Arrays.copyOfRange(frame, 0, 6), Arrays.copyOfRange(frame, 6, 12), op,
                Arrays.copyOfRange(frame, 22, 28), ip(frame, 28), Arrays.copyOfRange(frame, 32, 38), ip(frame, 38));
    }

    /** The 42-octet frame (no padding: the NIC pads to the Ethernet minimum). */
    public byte[] encode() {
        byte[] f = new byte[FRAME_LENGTH];
        System.arraycopy(ethDst, 0, f, 0, 6);
        System.arraycopy(ethSrc, 0, f, 6, 6);
        f[12] = 0x08;
        f[13] = 0x06;
        f[15] = 1;
        f[16] = 0x08;
        f[18] = 6;
        f[19] = 4;
        f[21] = (byte) op;
        System.arraycopy(senderMac, 0, f, 22, 6);
        System.arraycopy(senderIp.getAddress(), 0, f, 28, 4);
        System.arraycopy(targetMac, 0, f, 32, 6);
        System.arraycopy(targetIp.getAddress(), 0, f, 38, 4);
        return f;
    }

    /** The reply this node sends to a request for one of its addresses. */
    public ArpPacket replyFrom(byte[] mac) {
        return new ArpPacket(senderMac, mac, REPLY, mac, targetIp, senderMac, senderIp);
    }

    /** A gratuitous ARP request announcing that ip is at mac (RFC 5227 §3 "ARP Announcement"). */
    public static ArpPacket gratuitous(byte[] mac, InetAddress ip) {
        return new ArpPacket(BROADCAST, mac, REQUEST, mac, ip, new byte[6], ip);
    }

    /** True for a gratuitous ARP (sender and target address equal): never answered. */
    public boolean isGratuitous() {
        return senderIp.equals(targetIp);
    }

    private static int u16(byte[] f, int at) {
        return (f[at] & 0xff) << 8 | (f[at + 1] & 0xff);
    }

    private static InetAddress ip(byte[] f, int at) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(f, at, at + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String mac(byte[] mac) {
        StringBuilder sb = new StringBuilder();
        for (byte b : mac) {
            sb.append(sb.isEmpty() ? "" : ":").append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }
}
