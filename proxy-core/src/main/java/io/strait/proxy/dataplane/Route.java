package io.strait.proxy.dataplane;

import io.strait.lb.Balancer;
import io.strait.lb.Balancers;
import io.strait.lb.Endpoint;
import io.strait.proxy.plan.RouteSpec;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * A frontend's live route: the spec it was built from, its balancer (lb-algorithms) and the
 * port's counters. Immutable; published by a volatile store in the frontend and read by event
 * loops without locks. Thread-safe.
 *
 * <p>Retries are walked here, not by the balancer: {@code Balancer.pick(client, k)} promises
 * "another endpoint than attempts 0..k-1" exactly only for Maglev and affinity. Attempt 0 is the
 * balancer's choice; a retry walks {@code balancer.endpoints()} from the first choice's index,
 * skipping endpoints already tried and endpoints in passive-health back-off. When every untried
 * endpoint is backed off the first of them is tried anyway (fail open, as Envoy's panic mode).
 */
final class Route {
    final RouteSpec spec;
    final PortStats stats;
    private final Balancer balancer;
    private final List<Endpoint> endpoints;
    private final Map<InetSocketAddress, Integer> index;

    private Route(RouteSpec spec, PortStats stats, Balancer balancer) {
        this.spec = spec;
        this.stats = stats;
        this.balancer = balancer;
        this.endpoints = balancer.endpoints();
        this.index = new HashMap<>();
        for (int i = 0; i < endpoints.size(); i++) {
            index.put(endpoints.get(i).address(), i);
        }
        for (Endpoint e : spec.endpoints()) {
            index.putIfAbsent(e.address(), -1);
        }
    }

    /**
     * Builds the route for spec; state worth keeping (round-robin position, Maglev table, affinity
     * cache) carries over from previous.
     *
     * @param load live connections per endpoint (least-connections and p2c read it on every pick)
     */
    static Route build(RouteSpec spec, PortStats stats, Route previous, ToIntFunction<Endpoint> load) {
        Balancer before = previous == null ? null : previous.balancer;
        return new Route(spec, stats, Balancers.build(spec.balancer(), spec.endpoints(), before, load));
    }

    /**
     * An endpoint for this client, or null when none is eligible (or every one was tried).
     *
     * @param tried endpoints this connection already failed to reach, first choice first (null or
     *              empty for the first attempt)
     */
    InetSocketAddress choose(InetSocketAddress client, List<InetSocketAddress> tried, EndpointHealth health) {
        if (tried == null || tried.isEmpty()) {
            Endpoint e = balancer.pickFirst(client);
            if (e == null) {
                return null;
            }
            if (!health.isBackedOff(e.address())) {
                return e.address();
            }
            stats.skippedUnhealthy.increment();
            return walk(e.address(), null, health);
        }
        return walk(tried.getFirst(), tried, health);
    }

    private InetSocketAddress walk(InetSocketAddress first, List<InetSocketAddress> tried, EndpointHealth health) {
        int n = endpoints.size();
        Integer at = index.get(first);
        int start = at == null || at < 0 ? 0 : at;
        InetSocketAddress fallback = tried == null ? first : null;
        for (int i = 1; i <= n; i++) {
            InetSocketAddress candidate = endpoints.get((start + i) % n).address();
            if (candidate.equals(first) || (tried != null && tried.contains(candidate))) {
                continue;
            }
            if (health.isBackedOff(candidate)) {
                stats.skippedUnhealthy.increment();
                if (fallback == null) {
                    fallback = candidate;
                }
                continue;
            }
            return candidate;
        }
        return fallback;
    }

    boolean contains(InetSocketAddress endpoint) {
        return index.containsKey(endpoint);
    }

    int size() {
        return endpoints.size();
    }
}
