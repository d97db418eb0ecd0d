package io.strait.dns.zone;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/** Name arithmetic of the cluster zone: reverse names, dashed addresses, canonical form. */
public final class Names {
    private Names() {}

    /** Lower case, without a trailing dot. The root is "". */
    public static String canonical(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return n.toLowerCase(Locale.ROOT);
    }

    /** True when {@code name} is {@code zone} or below it (both canonical). */
    public static boolean within(String name, String zone) {
        return zone.isEmpty() || name.equals(zone) || name.endsWith("." + zone);
    }

    /** The parent name ("" above a single label). */
    public static String parent(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    /** The in-addr.arpa (RFC 1035 section 3.5) or ip6.arpa (RFC 3596 section 2.5) name of an address. */
    public static String reverse(InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder();
        if (address instanceof Inet4Address) {
            for (int i = 3; i >= 0; i--) {
                sb.append(b[i] & 0xff).append('.');
            }
            return sb.append("in-addr.arpa").toString();
        }
        for (int i = 15; i >= 0; i--) {
            sb.append(Character.forDigit(b[i] & 0xf, 16)).append('.')
                    .append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append('.');
        }
        return sb.append("ip6.arpa").toString();
    }

    /**
     * The label CoreDNS gives an address in pod names and endpoint names without a hostname:
     * dots (IPv4) or colons (IPv6, RFC 5952 text) replaced by dashes.
     */
    public static String dashed(InetAddress address) {
        String text = address instanceof Inet6Address ? ipv6Text(address) : address.getHostAddress();
        return text.replace('.', '-').replace(':', '-');
    }

    /** The address a dashed label names, or null when it names none. */
    public static InetAddress undash(String label) {
        if (label.isEmpty() || label.length() > 45) {
            return null;
        }
        String[] parts = label.split("-", -1);
        try {
            if (parts.length == 4 && label.chars().allMatch(c -> c == '-' || (c >= '0' && c <= '9'))) {
                for (String p : parts) {
                    if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
                        return null;
                    }
                }
                return InetAddress.ofLiteral(label.replace('-', '.'));
            }
            if (label.chars().allMatch(c -> c == '-' || Character.digit(c, 16) >= 0)) {
                InetAddress a = InetAddress.ofLiteral(label.replace('-', ':'));
                return a instanceof Inet6Address ? a : null;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /** RFC 5952 text of an IPv6 address: lower case, the longest run (two or more) of zero groups as "::". */
    public static String ipv6Text(InetAddress address) {
        byte[] b = address.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
