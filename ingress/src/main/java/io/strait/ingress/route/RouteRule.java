package io.strait.ingress.route;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One match of one rule of a route, with its action. Header and query matches are exact
 * (header names case-insensitive, values case-sensitive); every one of them must hold.
 *
 * @param source    the object the rule comes from (for metrics and logs)
 * @param method    the method to match, or null for every method
 * @param fallback  true for an Ingress {@code defaultBackend}: tried after every other rule
 * @param created   the source's creation time, and {@code ruleIndex}/{@code matchIndex} its
 *                  position: the last tie-breakers of {@link #PRECEDENCE}
 */
public record RouteRule(ObjectRef source, HostPattern host, PathMatch path, String method,
                        List<Map.Entry<String, String>> headers, List<Map.Entry<String, String>> queryParams,
                        Action action, boolean fallback, Instant created, int ruleIndex, int matchIndex) {

    /**
     * Gateway API HTTPRoute precedence (also right for Ingress, whose only criteria are "Exact before
     * Prefix" and "longest prefix first"): Exact path, then the longest prefix, then a method match,
     * then the most header matches, the most query matches; ties go to the oldest route, then to
     * namespace/name alphabetically, then to the first rule and match in listing order.
     */
    public static final Comparator<RouteRule> PRECEDENCE = Comparator
            .comparing(RouteRule::fallback)
            .thenComparing(r -> r.path().kind())
            .thenComparing(r -> -r.path().path().length())
            .thenComparing(r -> r.method() == null)
            .thenComparing(r -> -r.headers().size())
            .thenComparing(r -> -r.queryParams().size())
            .thenComparing(RouteRule::created)
            .thenComparing(r -> r.source().namespace())
            .thenComparing(r -> r.source().name())
            .thenComparingInt(RouteRule::ruleIndex)
            .thenComparingInt(RouteRule::matchIndex);

    public RouteRule {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        headers = List.copyOf(headers);
        queryParams = List.copyOf(queryParams);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(created, "created");
    }

    /** True when path, method, headers and query parameters all match (the host was matched by the router). */
    public boolean matches(RequestView request) {
        if (!path.matches(request.path()) || (method != null && !method.equals(request.method()))) {
            return false;
        }
        for (Map.Entry<String, String> h : headers) {
            if (!h.getValue().equals(request.header(h.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, String> q : queryParams) {
            if (!q.getValue().equals(request.queryParam(q.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
