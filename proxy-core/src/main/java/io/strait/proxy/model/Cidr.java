package io.strait.proxy.model;

import java.net.InetAddress;
import java.util.Objects;

/** An IPv4 or IPv6 prefix such as {@code 10.0.0.0/8} or {@code fd00::/64}. Immutable. */
public record Cidr(InetAddress network, int prefixLength) {
    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0-" + bits);
        }
    }

    private static final java.util.regex.Pattern DOTTED_QUAD =
            java.util.regex.Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");

    /**
     * Parses an IP literal as Kubernetes does (Go's net.ParseIP): IPv4 only as four decimal parts
     * without leading zeros (Java alone would also take {@code 10.1} or {@code 010.0.0.1}), or
     * IPv6. Never resolves names.
     */
    public static InetAddress parseIp(String text) {
        String s = text.trim();
        if (!s.contains(":") && !DOTTED_QUAD.matcher(s).matches()) {
            throw new IllegalArgumentException("not an IP address: \"" + text + "\"");
        }
        try {
            return InetAddress.ofLiteral(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP address: \"" + text + "\"");
        }
    }

    /** Parses {@code ip/len}; a bare IP means a single address (/32 or /128). Never resolves names. */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        InetAddress ip;
        try {
            ip = parseIp(slash < 0 ? s : s.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a CIDR: \"" + text + "\"");
        }
        int bits = ip.getAddress().length * 8;
        int len;
        try {
            len = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR: \"" + text + "\"");
        }
        if (len < 0 || len > bits) {
            throw new IllegalArgumentException("not a CIDR: \"" + text + "\" (prefix length out of range)");
        }
        return new Cidr(ip, len);
    }

    /** True when address is inside this prefix (and of the same family). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (n[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
