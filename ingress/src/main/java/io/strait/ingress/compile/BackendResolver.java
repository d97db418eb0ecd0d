package io.strait.ingress.compile;

import io.strait.ingress.route.BackendTarget;
import io.strait.ingress.route.ResolvedBackend;
import io.strait.lb.Algorithm;
import io.strait.lb.Balancer;
import io.strait.lb.BalancerSpec;
import io.strait.lb.Balancers;
import io.strait.lb.Endpoint;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.plan.EndpointResolver;
import java.util.List;
import java.util.Map;

/**
 * Resolves a Service port (by number or name, TCP) to a round-robin balancer over its ready
 * endpoints, straight from the EndpointSlices (no ClusterIP hop). The previous table's balancer
 * is handed to the factory so the round-robin sequence carries over. Stateless.
 */
final class BackendResolver {
    private static final BalancerSpec SPEC = BalancerSpec.of(Algorithm.ROUND_ROBIN);

    private BackendResolver() {}

    /** The Service port, or null when the Service or the port does not exist. */
    static ServicePort port(ClusterState state, BackendTarget.Key key) {
        ServiceInfo svc = state.services().get(key.service());
        if (svc == null) {
            return null;
        }
        for (ServicePort p : svc.ports()) {
            boolean same = key.portName() != null ? p.name().equals(key.portName()) : p.port() == key.port();
            if (same && p.protocol() == Protocol.TCP) {
                return p;
            }
        }
        return null;
    }

    static ResolvedBackend resolve(ClusterState state, BackendTarget.Key key, Map<BackendTarget.Key, ResolvedBackend> previous) {
        ServicePort port = port(state, key);
        if (port == null) {
            String why = state.services().containsKey(key.service())
                    ? "Service " + key.service() + " has no TCP port " + (key.portName() != null ? key.portName() : key.port())
                    : "Service " + key.service() + " not found";
            return new ResolvedBackend(null, why);
        }
        List<Endpoint> ready = EndpointResolver.resolve(port, state.slicesOf(key.service())).stream()
                .filter(Endpoint::ready).toList();
        ResolvedBackend prior = previous.get(key);
        Balancer before = prior == null ? null : prior.balancer();
        return new ResolvedBackend(Balancers.build(SPEC, ready, before, e -> 0), null);
    }
}
