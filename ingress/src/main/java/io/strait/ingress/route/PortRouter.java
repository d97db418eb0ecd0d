package io.strait.ingress.route;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Gateway listeners sharing one port. A request goes to the listener whose hostname matches
 * it most specifically (exact, then the longest wildcard, then a listener without hostname), and
 * only that listener's routes are tried, as the Gateway API requires for listeners on one port.
 * Immutable.
 */
public final class PortRouter implements Router {
    private final HostPattern[] hosts;
    private final HostRouter[] routers;

    public PortRouter(Map<HostPattern, HostRouter> byListenerHost) {
        List<Map.Entry<HostPattern, HostRouter>> entries = byListenerHost.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<HostPattern, HostRouter> e) -> rank(e.getKey()))
                        .thenComparing(e -> -(e.getKey().isAny() ? 0 : e.getKey().name().length()))
                        .thenComparing(e -> e.getKey().toString()))
                .toList();
        this.hosts = entries.stream().map(Map.Entry::getKey).toArray(HostPattern[]::new);
        this.routers = entries.stream().map(Map.Entry::getValue).toArray(HostRouter[]::new);
    }

    private static int rank(HostPattern p) {
        return p.isAny() ? 2 : p.wildcard() ? 1 : 0;
    }

    @Override
    public RouteRule route(RequestView request) {
        String host = request.host();
        for (int i = 0; i < hosts.length; i++) {
            if (hosts[i].matches(host)) {
                return routers[i].route(request);
            }
        }
        return null;
    }

    /** The router of the listener with this hostname pattern, or null. */
    public HostRouter listener(HostPattern host) {
        for (int i = 0; i < hosts.length; i++) {
            if (hosts[i].equals(host)) {
                return routers[i];
            }
        }
        return null;
    }
}
