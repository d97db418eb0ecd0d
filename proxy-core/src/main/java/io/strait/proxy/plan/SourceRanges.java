package io.strait.proxy.plan;

import io.strait.proxy.model.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The client prefixes allowed to reach a frontend ({@code spec.loadBalancerSourceRanges}), parsed
 * once into masks so the accept-time check is a few integer compares. {@link #ANY} lets everyone
 * in; a restriction whose every entry was invalid lets no one in (it fails closed). Immutable,
 * thread-safe, equal by value.
 *
 * <p>IPv4 clients are checked without allocation: {@code Inet4Address.hashCode()} is the address
 * as an int (the JDK's implementation, pinned by a unit test); IPv6 clients cost one
 * {@code getAddress()} copy.
 */
public final class SourceRanges {
    /** No restriction. */
    public static final SourceRanges ANY = new SourceRanges(List.of(), false);

    private final List<Cidr> cidrs;
    private final boolean restricted;
    private final int[] v4Network;
    private final int[] v4Mask;
    private final long[] v6Network; // pairs: high, low
    private final long[] v6Mask;

    private SourceRanges(List<Cidr> cidrs, boolean restricted) {
        this.cidrs = List.copyOf(cidrs);
        this.restricted = restricted;
        int v4 = (int) cidrs.stream().filter(c -> c.network() instanceof Inet4Address).count();
        v4Network = new int[v4];
        v4Mask = new int[v4];
        v6Network = new long[2 * (cidrs.size() - v4)];
        v6Mask = new long[2 * (cidrs.size() - v4)];
        int i = 0;
        int j = 0;
        for (Cidr c : cidrs) {
            byte[] b = c.network().getAddress();
            if (b.length == 4) {
                v4Mask[i] = c.prefixLength() == 0 ? 0 : -1 << (32 - c.prefixLength());
                v4Network[i] = toInt(b, 0) & v4Mask[i];
                i++;
            } else {
                v6Mask[j] = mask64(c.prefixLength());
                v6Mask[j + 1] = mask64(c.prefixLength() - 64);
                v6Network[j] = toLong(b, 0) & v6Mask[j];
                v6Network[j + 1] = toLong(b, 8) & v6Mask[j + 1];
                j += 2;
            }
        }
    }

    /** Only clients inside one of these prefixes; an empty list (every entry invalid) admits no one. */
    public static SourceRanges only(List<Cidr> cidrs) {
        return new SourceRanges(cidrs, true);
    }

    /** True when every client is allowed (no restriction). */
    public boolean allowsAll() {
        return !restricted;
    }

    public List<Cidr> cidrs() {
        return cidrs;
    }

    /** True when a client with this address may connect. Allocation-free for IPv4. */
    public boolean allows(InetAddress client) {
        if (!restricted) {
            return true;
        }
        if (client instanceof Inet4Address) {
            int a = client.hashCode();
            for (int i = 0; i < v4Mask.length; i++) {
                if ((a & v4Mask[i]) == v4Network[i]) {
                    return true;
                }
            }
            return false;
        }
        if (v6Mask.length == 0) {
            return false;
        }
        byte[] b = client.getAddress();
        long hi = toLong(b, 0);
        long lo = toLong(b, 8);
        for (int j = 0; j < v6Mask.length; j += 2) {
            if ((hi & v6Mask[j]) == v6Network[j] && (lo & v6Mask[j + 1]) == v6Network[j + 1]) {
                return true;
            }
        }
        return false;
    }

    private static long mask64(int bits) {
        return bits <= 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
    }

    private static int toInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    private static long toLong(byte[] b, int off) {
        return (long) toInt(b, off) << 32 | (toInt(b, off + 4) & 0xffffffffL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRanges s && s.restricted == restricted && s.cidrs.equals(cidrs);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(restricted) * 31 + cidrs.hashCode();
    }

    @Override
    public String toString() {
        return restricted ? cidrs.toString() : "any";
    }
}
