package io.strait.allocator.bgp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The BGP Identifier (RFC 4271 §4.2, a 4-octet value unique per speaker) a session presents,
 * chosen as MetalLB's native speaker chooses it: the BGPPeer's {@code routerID} if set; else the
 * session's local address when it is IPv4; else the first IPv4 address of the interface that
 * holds the session's local IPv6 address; else a hash of the node name (CRC-32/IEEE of its UTF-8
 * bytes, laid out little-endian as MetalLB does), so that IPv6-only nodes still differ. Pure
 * apart from the default interface lookup; thread-safe.
 */
public final class RouterId {
    /** The addresses of the interface that holds an address (empty when none does). */
    @FunctionalInterface
    public interface Interfaces {
        List<InetAddress> siblingsOf(InetAddress address);

        /** This host's interfaces, as {@link NetworkInterface} reports them. */
        Interfaces HOST = address -> {
            try {
                NetworkInterface itf = NetworkInterface.getByInetAddress(address);
                return itf == null ? List.of() : itf.inetAddresses().toList();
            } catch (SocketException e) {
                return List.of();
            }
        };
    }

    private RouterId() {}

    /**
     * @param configured the BGPPeer's routerID (IPv4), or null
     * @param local      the local address of the session's connection, or null if unknown
     * @param nodeName   this node's name (the hash input of the last resort)
     */
    public static long choose(InetAddress configured, InetAddress local, String nodeName, Interfaces interfaces) {
        if (configured instanceof Inet4Address v4) {
            return value(v4);
        }
        if (local instanceof Inet4Address v4) {
            return value(v4);
        }
        if (local != null) {
            for (InetAddress sibling : interfaces.siblingsOf(local)) {
                if (sibling instanceof Inet4Address v4) {
                    return value(v4);
                }
            }
        }
        return hash(nodeName);
    }

    /** CRC-32 of the node name, its four octets in little-endian order read as the identifier. */
    static long hash(String nodeName) {
        CRC32 crc = new CRC32();
        crc.update(nodeName.getBytes(StandardCharsets.UTF_8));
        return Integer.reverseBytes((int) crc.getValue()) & 0xffff_ffffL;
    }

    static long value(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xffL) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** Dotted-quad form, as routers show the identifier. */
    public static String format(long id) {
        return (id >>> 24 & 0xff) + "." + (id >>> 16 & 0xff) + "." + (id >>> 8 & 0xff) + "." + (id & 0xff);
    }
}
