package io.strait.netpol.model;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 prefix, held as two longs (IPv4 in the low 32 bits of {@code lo}) with the host
 * bits cleared ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}, as Go's {@code net.ParseCIDR} reads the
 * API server's {@code ipBlock.cidr}).
 */
public record Cidr(boolean v6, long hi, long lo, int prefix) {
    public Cidr {
        int max = v6 ? 128 : 32;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix length " + prefix + " is outside 0.." + max);
        }
    }

    /** Parses {@code a.b.c.d/n} or {@code x::y/n}; host bits set after the prefix are cleared. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR (no /prefix)");
        }
        InetAddress a;
        try {
            a = Ips.parse(text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR (bad address)", e);
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR (bad prefix length)", e);
        }
        return of(a, prefix);
    }

    /** The prefix of this length that contains {@code address}. */
    public static Cidr of(InetAddress address, int prefix) {
        byte[] b = address.getAddress();
        boolean v6 = !(address instanceof Inet4Address);
        long hi = 0;
        long lo = 0;
        if (v6) {
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (b[i] & 0xff);
                lo = (lo << 8) | (b[i + 8] & 0xff);
            }
        } else {
            for (byte x : b) {
                lo = (lo << 8) | (x & 0xff);
            }
        }
        Cidr whole = new Cidr(v6, hi, lo, prefix);
        return new Cidr(v6, hi & whole.hiMask(), lo & whole.loMask(), prefix);
    }

    private long hiMask() {
        if (!v6) {
            return 0;
        }
        return prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
    }

    private long loMask() {
        if (!v6) {
            return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        }
        return prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
    }

    /** Whether the address lies inside this prefix (an address of the other family never does). */
    public boolean contains(InetAddress address) {
        Cidr host = of(address, address instanceof Inet4Address ? 32 : 128);
        return contains(host.v6, host.hi, host.lo);
    }

    /** {@link #contains(InetAddress)} on an address already split into bits (no allocation). */
    public boolean contains(boolean isV6, long addrHi, long addrLo) {
        return isV6 == v6 && (addrHi & hiMask()) == hi && (addrLo & loMask()) == lo;
    }

    /** Whether {@code other} lies wholly inside this prefix. */
    public boolean covers(Cidr other) {
        if (other.v6 != v6 || other.prefix < prefix) {
            return false;
        }
        return (other.hi & hiMask()) == hi && (other.lo & loMask()) == lo;
    }

    /** The first address of the prefix. */
    public InetAddress address() {
        byte[] b = new byte[v6 ? 16 : 4];
        if (v6) {
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (hi >>> (56 - 8 * i));
                b[i + 8] = (byte) (lo >>> (56 - 8 * i));
            }
        } else {
            for (int i = 0; i < 4; i++) {
                b[i] = (byte) (lo >>> (24 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code 10.0.0.0/8}, {@code 2001:db8::/32} (RFC 5952 form). */
    @Override
    public String toString() {
        return Ips.format(address()) + "/" + prefix;
    }
}
