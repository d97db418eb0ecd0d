package io.strait.ingress.route;

import java.util.Objects;

/**
 * A path match. EXACT compares the whole path, case-sensitively. PREFIX matches element-wise on
 * {@code /} (Ingress {@code Prefix}, Gateway {@code PathPrefix}): {@code /foo} matches {@code /foo},
 * {@code /foo/} and {@code /foo/bar} but not {@code /foobar}; a trailing slash of the prefix is
 * ignored, so {@code /foo/} matches {@code /foo} too. The request path is compared as sent
 * (no percent-decoding, no dot-segment removal), without its query string.
 */
public record PathMatch(Kind kind, String path) {
    public enum Kind { EXACT, PREFIX }

    public PathMatch {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        if (kind == Kind.PREFIX) {
            while (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
        }
    }

    public static PathMatch exact(String path) {
        return new PathMatch(Kind.EXACT, path);
    }

    public static PathMatch prefix(String path) {
        return new PathMatch(Kind.PREFIX, path);
    }

    /** True when this matches the request path (query string already removed). */
    public boolean matches(String requestPath) {
        if (kind == Kind.EXACT) {
            return path.equals(requestPath);
        }
        if (path.equals("/")) {
            return true;
        }
        return requestPath.startsWith(path)
                && (requestPath.length() == path.length() || requestPath.charAt(path.length()) == '/');
    }
}
