package io.strait.allocator.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An inclusive range of IPv4 or IPv6 addresses, from a CIDR or an {@code a-b} range of an
 * IPAddressPool. Addresses are handled as unsigned integers so an IPv6 /64 costs nothing.
 */
public record AddressRange(BigInteger first, BigInteger last, boolean ipv6) {
    public AddressRange {
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("range start after its end");
        }
    }

    public static BigInteger toNumber(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    public static InetAddress toAddress(BigInteger value, boolean ipv6) {
        int len = ipv6 ? 16 : 4;
        byte[] raw = value.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean contains(InetAddress address) {
        if ((address.getAddress().length == 16) != ipv6) {
            return false;
        }
        BigInteger v = toNumber(address);
        return v.compareTo(first) >= 0 && v.compareTo(last) <= 0;
    }

    public boolean overlaps(AddressRange other) {
        return ipv6 == other.ipv6 && first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
    }

    /** Number of addresses in the range (before skipping buggy ones). */
    public BigInteger size() {
        return last.subtract(first).add(BigInteger.ONE);
    }

    /** An IPv4 address ending in .0 or .255, which some old clients mishandle. */
    public static boolean buggy(BigInteger value, boolean ipv6) {
        if (ipv6) {
            return false;
        }
        int low = value.intValue() & 0xff;
        return low == 0 || low == 255;
    }

    @Override
    public String toString() {
        return toAddress(first, ipv6).getHostAddress() + "-" + toAddress(last, ipv6).getHostAddress();
    }
}
