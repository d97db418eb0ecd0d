package io.strait.ingress.compile;

import io.strait.ingress.api.IngressObject;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.api.TlsSecretObject;
import io.strait.ingress.route.Action;
import io.strait.ingress.route.BackendTarget;
import io.strait.ingress.route.HostPattern;
import io.strait.ingress.route.HostRouter;
import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.PortRouter;
import io.strait.ingress.route.Problem;
import io.strait.ingress.route.ResolvedBackend;
import io.strait.ingress.route.RouteRule;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.route.TlsBinding;
import io.strait.proxy.model.ClusterState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link RouteTable} from valid route objects and the cluster: Ingress rules of our class,
 * Gateway listener rules, every referenced Service port resolved to a balancer. Pure apart from
 * the balancers' carried-over state. Stateless.
 */
public final class RouteTableBuilder {
    private RouteTableBuilder() {}

    /**
     * @param objects  valid objects only (see {@link RouteSink} for the last-good substitution)
     * @param problems the validation problems to report in the table
     * @param previous the table this one replaces (balancer state carries over)
     */
    public static RouteTable build(RouteObjects objects, ClusterState state, List<Problem> problems, RouteTable previous) {
        List<RouteRule> ingressRules = new ArrayList<>();
        List<TlsBinding> tls = new ArrayList<>();
        List<ObjectRef> served = new ArrayList<>();
        for (IngressObject ing : objects.ingresses()) {
            if (IngressCompiler.isOurs(ing, objects.ingressClasses())) {
                served.add(IngressCompiler.ref(ing));
                ingressRules.addAll(IngressCompiler.rules(ing));
                tls.addAll(IngressCompiler.tls(ing));
            }
        }
        GatewayCompiler.Output gw = GatewayCompiler.compile(objects, key -> BackendResolver.port(state, key) != null);
        tls.addAll(gw.tls());
        Map<Integer, PortRouter> ports = new HashMap<>();
        List<RouteRule> all = new ArrayList<>(ingressRules);
        gw.rules().forEach((port, byHost) -> {
            Map<HostPattern, HostRouter> routers = new LinkedHashMap<>();
            byHost.forEach((host, rules) -> {
                routers.put(host, new HostRouter(rules));
                all.addAll(rules);
            });
            ports.put(port, new PortRouter(routers));
        });
        Map<BackendTarget.Key, ResolvedBackend> backends = new HashMap<>();
        for (RouteRule r : all) {
            if (r.action() instanceof Action.Forward f) {
                for (BackendTarget t : f.backends()) {
                    backends.computeIfAbsent(t.key(), k -> BackendResolver.resolve(state, k, previous.backends()));
                }
            }
        }
        Map<ObjectRef, TlsSecretObject> secrets = new HashMap<>();
        for (TlsSecretObject s : objects.secrets()) {
            if (TlsSecretObject.TLS_TYPE.equals(s.type())) {
                secrets.put(new ObjectRef("Secret", s.meta().namespace(), s.meta().name()), s);
            }
        }
        List<Problem> allProblems = new ArrayList<>(problems);
        List<TlsBinding> usable = new ArrayList<>();
        for (TlsBinding b : tls) {
            if (secrets.containsKey(b.secret())) {
                usable.add(b);
            } else if (b.port() == 0) {
                allProblems.add(missingSecret(b, objects));
            }
        }
        secrets.keySet().retainAll(usable.stream().map(TlsBinding::secret).toList());
        return new RouteTable(new HostRouter(ingressRules), ports, backends, usable, secrets, gw.statuses(), served,
                allProblems.stream().distinct().toList());
    }

    /** The problem of an Ingress tls entry naming a Secret that is absent or not of type kubernetes.io/tls. */
    private static Problem missingSecret(TlsBinding b, RouteObjects objects) {
        String message = "no kubernetes.io/tls Secret " + b.secret().namespace() + "/" + b.secret().name()
                + " (the entry is not served)";
        for (IngressObject ing : objects.ingresses()) {
            for (int i = 0; i < ing.tls().size(); i++) {
                if (ing.meta().namespace().equals(b.secret().namespace())
                        && b.secret().name().equals(ing.tls().get(i).secretName())) {
                    return new Problem(IngressCompiler.ref(ing), "spec.tls[" + i + "].secretName", message);
                }
            }
        }
        return new Problem(b.secret(), "type", message);
    }
}
