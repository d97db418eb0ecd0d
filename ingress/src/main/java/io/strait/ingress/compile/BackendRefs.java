package io.strait.ingress.compile;

import io.strait.ingress.api.HttpRouteObject;
import io.strait.ingress.api.ReferenceGrantObject;
import io.strait.ingress.route.BackendTarget;
import io.strait.ingress.route.Condition;
import io.strait.proxy.model.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The backendRefs of an HTTPRoute's rules as targets: a Service of the core group; one in another
 * namespace only when a ReferenceGrant in that namespace allows HTTPRoutes of the route's
 * namespace to refer to it. An unusable ref keeps its weight and carries its failure reason
 * (requests on it get 500). Stateless.
 */
final class BackendRefs {
    static final String GATEWAY_GROUP = "gateway.networking.k8s.io";

    private BackendRefs() {}

    /** One list of targets per rule. */
    static List<List<BackendTarget>> resolve(HttpRouteObject route, List<ReferenceGrantObject> grants,
                                             Predicate<BackendTarget.Key> serviceExists) {
        List<List<BackendTarget>> out = new ArrayList<>();
        for (HttpRouteObject.Rule rule : route.rules()) {
            List<BackendTarget> targets = new ArrayList<>();
            for (HttpRouteObject.BackendRef b : rule.backendRefs()) {
                String ns = b.namespace() == null ? route.meta().namespace() : b.namespace();
                int weight = b.weight() == null ? 1 : b.weight();
                ServiceName service = new ServiceName(ns, b.name());
                String failure = null;
                boolean isService = (b.group() == null || b.group().isEmpty())
                        && (b.kind() == null || b.kind().equals("Service"));
                if (!isService) {
                    failure = "InvalidKind: " + b.group() + "/" + b.kind() + " is not a Service";
                } else if (!ns.equals(route.meta().namespace()) && !granted(route.meta().namespace(), service, grants)) {
                    failure = "RefNotPermitted: no ReferenceGrant in " + ns + " allows HTTPRoutes of "
                            + route.meta().namespace() + " to refer to Service " + b.name();
                } else if (!serviceExists.test(new BackendTarget.Key(service, b.port(), null))) {
                    failure = "BackendNotFound: Service " + service + " has no port " + b.port();
                }
                targets.add(new BackendTarget(service, b.port(), null, weight, failure));
            }
            out.add(List.copyOf(targets));
        }
        return out;
    }

    /** ResolvedRefs: True, or False with the first failure's reason. */
    static Condition condition(List<List<BackendTarget>> targets) {
        for (List<BackendTarget> rule : targets) {
            for (BackendTarget t : rule) {
                if (t.failure() != null) {
                    int colon = t.failure().indexOf(':');
                    return Condition.isFalse(Condition.RESOLVED_REFS, t.failure().substring(0, colon),
                            t.failure().substring(colon + 2));
                }
            }
        }
        return Condition.isTrue(Condition.RESOLVED_REFS, "ResolvedRefs");
    }

    private static boolean granted(String fromNamespace, ServiceName to, List<ReferenceGrantObject> grants) {
        for (ReferenceGrantObject g : grants) {
            if (!g.meta().namespace().equals(to.namespace())) {
                continue;
            }
            boolean from = g.from().stream().anyMatch(f -> GATEWAY_GROUP.equals(f.group())
                    && "HTTPRoute".equals(f.kind()) && fromNamespace.equals(f.namespace()));
            boolean target = g.to().stream().anyMatch(t -> (t.group() == null || t.group().isEmpty())
                    && "Service".equals(t.kind()) && (t.name() == null || t.name().isEmpty() || t.name().equals(to.name())));
            if (from && target) {
                return true;
            }
        }
        return false;
    }
}
