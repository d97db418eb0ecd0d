package io.strait.ingress.compile;

import io.strait.ingress.api.HttpRouteObject;
import io.strait.ingress.api.ReferenceGrantObject;
import io.strait.ingress.route.BackendTarget;
import io.strait.ingress.route.Condition;
import io.strait.ingress.route.HostPattern;
import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.RouteRule;
import io.strait.ingress.route.RouteStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Attaches one HTTPRoute to the listeners its parentRefs select, as the Gateway API defines it:
 * sectionName and port narrow the listeners, allowedRoutes filters by namespace, and the route's
 * hostnames are intersected with each listener's. Adds one status entry per parentRef to one of
 * our Gateways (parentRefs to other Gateways are not ours to answer). Stateless.
 */
final class RouteAttacher {
    private RouteAttacher() {}

    static void attach(HttpRouteObject route, Map<ObjectRef, List<GatewayCompiler.Bound>> gateways,
                       List<ReferenceGrantObject> grants, Predicate<BackendTarget.Key> serviceExists,
                       List<RouteStatus> statuses, Map<Integer, Map<HostPattern, List<RouteRule>>> rules) {
        ObjectRef ref = HttpRouteValidator.ref(route);
        List<List<BackendTarget>> targets = BackendRefs.resolve(route, grants, serviceExists);
        Condition resolved = BackendRefs.condition(targets);
        for (HttpRouteObject.ParentRef parent : route.parentRefs()) {
            String ns = parent.namespace() == null ? route.meta().namespace() : parent.namespace();
            ObjectRef gwRef = new ObjectRef("Gateway", ns, parent.name());
            List<GatewayCompiler.Bound> listeners = gateways.get(gwRef);
            if (listeners == null) {
                continue;
            }
            Condition accepted = attachTo(route, parent, listeners, targets, rules);
            statuses.add(new RouteStatus(ref, gwRef, parent.sectionName(), List.of(accepted, resolved)));
        }
    }

    private static Condition attachTo(HttpRouteObject route, HttpRouteObject.ParentRef parent,
                                      List<GatewayCompiler.Bound> listeners, List<List<BackendTarget>> targets,
                                      Map<Integer, Map<HostPattern, List<RouteRule>>> rules) {
        boolean selected = false;
        boolean allowed = false;
        boolean attached = false;
        for (GatewayCompiler.Bound b : listeners) {
            if ((parent.sectionName() != null && !parent.sectionName().equals(b.listener().name()))
                    || (parent.port() != 0 && parent.port() != b.listener().port())) {
                continue;
            }
            selected = true;
            if (b.listener().allowedNamespaces().equals("Same")
                    && !b.gateway().meta().namespace().equals(route.meta().namespace())) {
                continue;
            }
            allowed = true;
            Set<String> hosts = new LinkedHashSet<>();
            if (route.hostnames().isEmpty()) {
                hosts.add(Hostnames.intersect(b.listener().hostname(), null));
            }
            for (String h : route.hostnames()) {
                String i = Hostnames.intersect(b.listener().hostname(), h);
                if (i != null) {
                    hosts.add(i);
                }
            }
            if (hosts.isEmpty()) {
                continue;
            }
            attached = true;
            HostPattern listenerHost = HostPattern.parse(b.listener().hostname(), false);
            List<RouteRule> list = rules.get(b.listener().port()).get(listenerHost);
            for (String h : hosts) {
                for (RouteRule r : RuleCompiler.rules(route, HostPattern.parse(h, false), targets)) {
                    if (!list.contains(r)) {
                        list.add(r);
                    }
                }
            }
        }
        if (!selected) {
            return Condition.isFalse(Condition.ACCEPTED, "NoMatchingParent",
                    "no listener of the Gateway matches sectionName " + parent.sectionName() + " and port " + parent.port());
        }
        if (!allowed) {
            return Condition.isFalse(Condition.ACCEPTED, "NotAllowedByListeners",
                    "the listeners allow routes from their own namespace only");
        }
        if (!attached) {
            return Condition.isFalse(Condition.ACCEPTED, "NoMatchingListenerHostname",
                    "no route hostname intersects a listener hostname");
        }
        return Condition.isTrue(Condition.ACCEPTED, "Accepted");
    }

}
