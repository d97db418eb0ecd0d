package io.strait.proxy.dataplane;

import io.strait.proxy.plan.ResolvedEndpoint;
import io.strait.proxy.plan.RouteSpec;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A frontend's live route: the spec it was built from, its endpoint chooser and the port's
 * counters. Immutable but for the chooser's position; published by a volatile store in the
 * frontend and read by event loops without locks. Thread-safe.
 */
final class Route {
    final RouteSpec spec;
    final PortStats stats;
    private final InetSocketAddress[] endpoints;
    private final Set<InetSocketAddress> members;
    private final AtomicInteger next;

    private Route(RouteSpec spec, PortStats stats, AtomicInteger next) {
        this.spec = spec;
        this.stats = stats;
        this.endpoints = spec.endpoints().stream().map(ResolvedEndpoint::address).toArray(InetSocketAddress[]::new);
        this.members = new HashSet<>(java.util.Arrays.asList(endpoints));
        this.next = next;
    }

    /** Builds the route for spec; the round-robin position carries over from previous. */
    static Route build(RouteSpec spec, PortStats stats, Route previous) {
        return new Route(spec, stats, previous == null ? new AtomicInteger() : previous.next);
    }

    /**
     * An endpoint for this client, or null when none is eligible. Attempt k > 0 (a retry after a
     * failed connect) returns a different endpoint than attempts before it while untried ones remain.
     */
    InetSocketAddress pick(InetSocketAddress client, int attempt) {
        int n = endpoints.length;
        if (n == 0 || attempt >= n) {
            return null;
        }
        if (attempt == 0) {
            int i = Math.floorMod(next.getAndIncrement(), n);
            return endpoints[i];
        }
        int i = Math.floorMod(next.get() - 1 + attempt, n);
        return endpoints[i];
    }

    boolean contains(InetSocketAddress endpoint) {
        return members.contains(endpoint);
    }

    int size() {
        return endpoints.length;
    }
}
