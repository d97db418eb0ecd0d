package io.strait.allocator.bgp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 prefix in NLRI form. Immutable; host bits are cleared. */
public record Prefix(InetAddress address, int length) {
    public Prefix {
        int bits = address.getAddress().length * 8;
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0-" + bits);
        }
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, length - i * 8));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            address = InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Prefix host(InetAddress ip) {
        return new Prefix(ip, ip.getAddress().length * 8);
    }

    public boolean ipv6() {
        return address.getAddress().length == 16;
    }

    /** NLRI encoding: length octet then the significant octets (§4.3). */
    byte[] encode() {
        int n = (length + 7) / 8;
        byte[] out = new byte[1 + n];
        out[0] = (byte) length;
        System.arraycopy(address.getAddress(), 0, out, 1, n);
        return out;
    }

    static Prefix decode(int length, byte[] significant, boolean ipv6) {
        byte[] full = Arrays.copyOf(significant, ipv6 ? 16 : 4);
        try {
            return new Prefix(InetAddress.getByAddress(full), length);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + length;
    }
}
