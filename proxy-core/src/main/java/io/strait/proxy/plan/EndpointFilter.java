package io.strait.proxy.plan;

import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.TrafficPolicy;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which endpoints a kind of traffic may reach (kube-proxy's CategorizeEndpoints, reduced to
 * readiness and traffic policy): ready endpoints; if there are none, serving-terminating ones so
 * connections drain (KEP-1669); under a Local policy only this node's endpoints, with the same
 * fallback, and none means reject. Pure and thread-safe.
 */
public final class EndpointFilter {
    private EndpointFilter() {}

    public static List<ResolvedEndpoint> eligible(List<ResolvedEndpoint> all, ServiceInfo svc,
                                                  FrontendKind kind, String nodeName) {
        TrafficPolicy policy = kind.external() ? svc.externalTrafficPolicy() : svc.internalTrafficPolicy();
        List<ResolvedEndpoint> scope = policy == TrafficPolicy.LOCAL
                ? all.stream().filter(e -> nodeName.equals(e.nodeName())).toList()
                : all;
        return readyOrTerminating(scope);
    }

    private static List<ResolvedEndpoint> readyOrTerminating(List<ResolvedEndpoint> endpoints) {
        List<ResolvedEndpoint> ready = endpoints.stream().filter(ResolvedEndpoint::ready).toList();
        if (!ready.isEmpty()) {
            return ready;
        }
        Predicate<ResolvedEndpoint> draining = e -> e.serving() && e.terminating();
        return endpoints.stream().filter(draining).toList();
    }
}
