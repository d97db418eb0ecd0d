package io.strait.ingress.route;

import java.util.Locale;

/**
 * A host a rule applies to: one exact name, a {@code *.} wildcard, or every host (null).
 * Ingress wildcards cover exactly one DNS label ({@code *.foo.com} matches {@code bar.foo.com},
 * not {@code baz.bar.foo.com} nor {@code foo.com}); Gateway API wildcards are suffix matches
 * covering one or more labels. Names compare case-insensitively.
 *
 * @param name        the lower-cased host, or the suffix after {@code *} (e.g. {@code .foo.com}), or null for any
 * @param wildcard    true for a {@code *.} pattern
 * @param singleLabel for wildcards: true when the wildcard covers one label only (Ingress)
 */
public record HostPattern(String name, boolean wildcard, boolean singleLabel) {
    public static final HostPattern ANY = new HostPattern(null, false, false);

    /** Parses a host; null or "" is ANY; {@code *.x} a wildcard with the given label rule. */
    public static HostPattern parse(String host, boolean singleLabel) {
        if (host == null || host.isEmpty()) {
            return ANY;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("*.") ? new HostPattern(h.substring(1), true, singleLabel) : new HostPattern(h, false, false);
    }

    public boolean isAny() {
        return name == null;
    }

    /** True when this pattern covers the lower-cased request host (port already removed). */
    public boolean matches(String host) {
        if (name == null) {
            return true;
        }
        if (!wildcard) {
            return name.equals(host);
        }
        if (!host.endsWith(name) || host.length() == name.length()) {
            return false;
        }
        return !singleLabel || host.lastIndexOf('.', host.length() - name.length() - 1) < 0;
    }

    @Override
    public String toString() {
        return name == null ? "*" : wildcard ? "*" + name : name;
    }
}
