package io.strait.ingress.compile;

import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.Problem;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Hostname validation (RFC 1123 names, optionally led by one {@code *.} label) and the Gateway
 * API intersection of a listener hostname with a route hostname. Stateless.
 */
final class Hostnames {
    private static final Pattern NAME = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Hostnames() {}

    /** Adds a problem when {@code host} is set and not a valid (wildcard) DNS name. */
    static void checkHost(ObjectRef ref, String field, String host, List<Problem> out) {
        if (host != null && !host.isEmpty() && !NAME.matcher(host.toLowerCase(Locale.ROOT)).matches()) {
            out.add(new Problem(ref, field, "must be a DNS name, optionally led by one '*.' label, got " + host));
        }
    }

    /**
     * The hostname a route serves on a listener, or null when they do not intersect. A null
     * listener hostname accepts every route hostname; a null route hostname takes the listener's
     * ("" means every host). Gateway wildcards are suffix matches: {@code *.example.com} covers
     * {@code a.example.com} and {@code a.b.example.com}, not {@code example.com}.
     */
    static String intersect(String listener, String route) {
        String l = listener == null ? null : listener.toLowerCase(Locale.ROOT);
        String r = route == null ? null : route.toLowerCase(Locale.ROOT);
        if (l == null) {
            return r == null ? "" : r;
        }
        if (r == null || l.equals(r)) {
            return l;
        }
        if (l.startsWith("*.") && coveredBy(r, l.substring(1))) {
            return r;
        }
        if (r.startsWith("*.") && coveredBy(l, r.substring(1))) {
            return l;
        }
        return null;
    }

    /** True when {@code name} (exact or {@code *.x}) lies strictly under {@code suffix} (".example.com"). */
    private static boolean coveredBy(String name, String suffix) {
        String n = name.startsWith("*.") ? name.substring(1) : name;
        return n.endsWith(suffix) && n.length() > suffix.length();
    }
}
