package io.strait.ingress.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of one entry point, by host. A request tries the rules of its exact host, then those
 * of each wildcard covering it (the longest suffix first), then the rules for every host; within
 * each group the first matching rule in {@link RouteRule#PRECEDENCE} order wins. This is the
 * Gateway API order (more characters of matching hostname first, exact before wildcard); for
 * Ingress it sends requests on a known host that match none of its paths on to the host-less
 * rules and the default backend. Immutable.
 */
public final class HostRouter implements Router {
    public static final HostRouter EMPTY = new HostRouter(List.of());

    private final Map<String, RouteRule[]> exact;
    private final HostPattern[] wildcards;
    private final RouteRule[][] wildcardRules;
    private final RouteRule[] any;
    private final List<RouteRule> all;

    public HostRouter(List<RouteRule> rules) {
        List<RouteRule> sorted = new ArrayList<>(rules);
        sorted.sort(RouteRule.PRECEDENCE);
        this.all = List.copyOf(sorted);
        Map<String, List<RouteRule>> byExact = new HashMap<>();
        Map<HostPattern, List<RouteRule>> byWildcard = new HashMap<>();
        List<RouteRule> anyHost = new ArrayList<>();
        for (RouteRule r : sorted) {
            if (r.host().isAny()) {
                anyHost.add(r);
            } else if (r.host().wildcard()) {
                byWildcard.computeIfAbsent(r.host(), k -> new ArrayList<>()).add(r);
            } else {
                byExact.computeIfAbsent(r.host().name(), k -> new ArrayList<>()).add(r);
            }
        }
        this.exact = new HashMap<>();
        byExact.forEach((k, v) -> exact.put(k, v.toArray(RouteRule[]::new)));
        List<HostPattern> patterns = new ArrayList<>(byWildcard.keySet());
        patterns.sort(Comparator.comparing((HostPattern p) -> -p.name().length())
                .thenComparing(HostPattern::singleLabel).thenComparing(HostPattern::name));
        this.wildcards = patterns.toArray(HostPattern[]::new);
        this.wildcardRules = new RouteRule[wildcards.length][];
        for (int i = 0; i < wildcards.length; i++) {
            wildcardRules[i] = byWildcard.get(wildcards[i]).toArray(RouteRule[]::new);
        }
        this.any = anyHost.toArray(RouteRule[]::new);
    }

    /** The rule this request takes, or null (404). */
    @Override
    public RouteRule route(RequestView request) {
        String host = request.host();
        RouteRule hit = first(exact.get(host), request);
        for (int i = 0; hit == null && i < wildcards.length; i++) {
            if (wildcards[i].matches(host)) {
                hit = first(wildcardRules[i], request);
            }
        }
        return hit != null ? hit : first(any, request);
    }

    private static RouteRule first(RouteRule[] rules, RequestView request) {
        if (rules != null) {
            for (RouteRule r : rules) {
                if (r.matches(request)) {
                    return r;
                }
            }
        }
        return null;
    }

    /** Every rule, in precedence order. */
    public List<RouteRule> rules() {
        return all;
    }
}
