package io.strait.proxy.dataplane;

import io.strait.lb.Balancer;
import io.strait.lb.Balancers;
import io.strait.lb.Endpoint;
import io.strait.proxy.plan.RouteSpec;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * A frontend's live route: the spec it was built from, its balancer (lb-algorithms) and the
 * port's counters. Immutable; published by a volatile store in the frontend and read by event
 * loops without locks. Thread-safe.
 */
final class Route {
    final RouteSpec spec;
    final PortStats stats;
    private final Balancer balancer;
    private final Set<InetSocketAddress> members;

    private Route(RouteSpec spec, PortStats stats, Balancer balancer) {
        this.spec = spec;
        this.stats = stats;
        this.balancer = balancer;
        this.members = new HashSet<>();
        for (Endpoint e : spec.endpoints()) {
            members.add(e.address());
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
     * An endpoint for this client, or null when none is eligible. Attempt k > 0 (a retry after a
     * failed connect) asks the balancer for another endpoint than the ones tried before.
     */
    InetSocketAddress pick(InetSocketAddress client, int attempt) {
        Endpoint e = balancer.pick(client, attempt);
        return e == null ? null : e.address();
    }

    boolean contains(InetSocketAddress endpoint) {
        return members.contains(endpoint);
    }

    int size() {
        return members.size();
    }
}
