package io.strait.ingress.compile;

import io.strait.ingress.api.GatewayClassObject;
import io.strait.ingress.api.GatewayObject;
import io.strait.ingress.api.HttpRouteObject;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.route.BackendTarget;
import io.strait.ingress.route.Condition;
import io.strait.ingress.route.HostPattern;
import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.RouteRule;
import io.strait.ingress.route.RouteStatus;
import io.strait.ingress.route.TlsBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Gateway API v1 to route rules and conditions: our GatewayClasses (controller {@value #CONTROLLER})
 * are Accepted; their Gateways' HTTP/HTTPS listeners are programmed; each HTTPRoute parentRef to
 * one of them is Accepted when some listener allows the route's namespace and their hostnames
 * intersect, with reasons NoMatchingParent, NotAllowedByListeners, NoMatchingListenerHostname
 * otherwise; ResolvedRefs is False (InvalidKind, RefNotPermitted, BackendNotFound) when a
 * backendRef is unusable, and requests falling on it get 500. Stateless.
 */
public final class GatewayCompiler {
    /** The {@code spec.controllerName} of the GatewayClass Strait implements. */
    public static final String CONTROLLER = "strait.io/gateway";

    private GatewayCompiler() {}

    /** Listener rules by port and listener hostname, statuses and TLS bindings. */
    public record Output(Map<Integer, Map<HostPattern, List<RouteRule>>> rules, List<RouteStatus> statuses,
                         List<TlsBinding> tls) {}

    /** A listener that is ours and valid, with its Gateway. */
    record Bound(GatewayObject gateway, GatewayObject.Listener listener) {}

    /**
     * Compiles valid objects (invalid ones were replaced by their last good version or dropped).
     *
     * @param serviceExists whether a Service port exists in the cluster (else BackendNotFound)
     */
    public static Output compile(RouteObjects objects, Predicate<BackendTarget.Key> serviceExists) {
        List<RouteStatus> statuses = new ArrayList<>();
        Set<String> ourClasses = new LinkedHashSet<>();
        for (GatewayClassObject c : objects.gatewayClasses()) {
            if (CONTROLLER.equals(c.controllerName())) {
                ourClasses.add(c.name());
                statuses.add(new RouteStatus(new ObjectRef("GatewayClass", "", c.name()), null, null,
                        List.of(Condition.isTrue(Condition.ACCEPTED, "Accepted"))));
            }
        }
        Map<ObjectRef, List<Bound>> listeners = new LinkedHashMap<>();
        List<TlsBinding> tls = new ArrayList<>();
        Map<Integer, Map<HostPattern, List<RouteRule>>> rules = new HashMap<>();
        Map<Integer, String> protocols = new HashMap<>();
        List<GatewayObject> ours = objects.gateways().stream().filter(g -> ourClasses.contains(g.gatewayClassName()))
                .sorted(java.util.Comparator.comparing((GatewayObject g) -> g.meta().created())
                        .thenComparing(g -> g.meta().namespace()).thenComparing(g -> g.meta().name()))
                .toList();
        for (GatewayObject gw : ours) {
            listeners.put(gatewayRef(gw), ListenerCompiler.compile(gw, objects.secrets(), protocols, statuses, tls, rules));
        }
        for (HttpRouteObject route : objects.httpRoutes()) {
            RouteAttacher.attach(route, listeners, objects.referenceGrants(), serviceExists, statuses, rules);
        }
        return new Output(rules, statuses, tls);
    }

    static ObjectRef gatewayRef(GatewayObject gw) {
        return new ObjectRef("Gateway", gw.meta().namespace(), gw.meta().name());
    }
}
