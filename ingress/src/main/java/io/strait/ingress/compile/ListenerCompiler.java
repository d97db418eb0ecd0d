package io.strait.ingress.compile;

import io.strait.ingress.api.GatewayObject;
import io.strait.ingress.api.TlsSecretObject;
import io.strait.ingress.route.Condition;
import io.strait.ingress.route.HostPattern;
import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.RouteRule;
import io.strait.ingress.route.RouteStatus;
import io.strait.ingress.route.TlsBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The listeners of one of our Gateways: HTTP and HTTPS are supported (others get Accepted False,
 * UnsupportedProtocol); HTTPS needs a {@code kubernetes.io/tls} Secret of the Gateway's namespace
 * (else ResolvedRefs False, InvalidCertificateRef); allowedRoutes Same or All. The Gateway is
 * Accepted, and Programmed when at least one listener is. Stateless.
 */
final class ListenerCompiler {
    private ListenerCompiler() {}

    /**
     * @param protocols the protocol each port was first given (oldest Gateway first): a listener
     *                  asking for another one on that port is Conflicted (ProtocolConflict) and not served
     */
    static List<GatewayCompiler.Bound> compile(GatewayObject gw, List<TlsSecretObject> secrets,
                                               Map<Integer, String> protocols, List<RouteStatus> statuses, List<TlsBinding> tls,
                                               Map<Integer, Map<HostPattern, List<RouteRule>>> rules) {
        ObjectRef ref = GatewayCompiler.gatewayRef(gw);
        List<GatewayCompiler.Bound> bound = new ArrayList<>();
        for (GatewayObject.Listener l : gw.listeners()) {
            String problem = check(gw, l, secrets);
            String claimed = problem == null ? protocols.putIfAbsent(l.port(), l.protocol()) : null;
            if (claimed != null && !claimed.equals(l.protocol())) {
                statuses.add(new RouteStatus(ref, null, l.name(), List.of(
                        Condition.isTrue("Conflicted", "ProtocolConflict"),
                        Condition.isFalse(Condition.PROGRAMMED, "Invalid", "port " + l.port() + " already serves " + claimed))));
                continue;
            }
            boolean ok = problem == null;
            boolean certProblem = !ok && problem.startsWith("certificateRefs");
            List<Condition> conditions = List.of(
                    ok || certProblem ? Condition.isTrue(Condition.ACCEPTED, "Accepted")
                            : Condition.isFalse(Condition.ACCEPTED, "UnsupportedProtocol", problem),
                    certProblem ? Condition.isFalse(Condition.RESOLVED_REFS, "InvalidCertificateRef", problem)
                            : Condition.isTrue(Condition.RESOLVED_REFS, "ResolvedRefs"),
                    ok ? Condition.isTrue(Condition.PROGRAMMED, "Programmed")
                            : Condition.isFalse(Condition.PROGRAMMED, "Invalid", problem));
            statuses.add(new RouteStatus(ref, null, l.name(), conditions));
            if (!ok) {
                continue;
            }
            bound.add(new GatewayCompiler.Bound(gw, l));
            HostPattern host = HostPattern.parse(l.hostname(), false);
            rules.computeIfAbsent(l.port(), p -> new HashMap<>()).computeIfAbsent(host, h -> new ArrayList<>());
            if ("HTTPS".equals(l.protocol())) {
                GatewayObject.SecretRef s = l.certificateRefs().getFirst();
                tls.add(new TlsBinding(l.port(), host, new ObjectRef("Secret", gw.meta().namespace(), s.name())));
            }
        }
        statuses.add(new RouteStatus(ref, null, null, List.of(
                Condition.isTrue(Condition.ACCEPTED, "Accepted"),
                bound.isEmpty() ? Condition.isFalse(Condition.PROGRAMMED, "Invalid", "no listener is valid")
                        : Condition.isTrue(Condition.PROGRAMMED, "Programmed"))));
        return bound;
    }

    /** Why the listener cannot be served, or null. */
    private static String check(GatewayObject gw, GatewayObject.Listener l, List<TlsSecretObject> secrets) {
        if (!"HTTP".equals(l.protocol()) && !"HTTPS".equals(l.protocol())) {
            return "protocol " + l.protocol() + " is not supported (HTTP, HTTPS)";
        }
        if (l.port() < 1 || l.port() > 65535) {
            return "port " + l.port() + " is outside 1..65535";
        }
        if (!l.allowedNamespaces().equals("Same") && !l.allowedNamespaces().equals("All")) {
            return "allowedRoutes.namespaces.from " + l.allowedNamespaces() + " is not supported (Same, All)";
        }
        if (!"HTTPS".equals(l.protocol())) {
            return null;
        }
        if (l.certificateRefs().isEmpty()) {
            return "certificateRefs: an HTTPS listener needs a kubernetes.io/tls Secret";
        }
        GatewayObject.SecretRef s = l.certificateRefs().getFirst();
        if (s.namespace() != null && !s.namespace().equals(gw.meta().namespace())) {
            return "certificateRefs[0]: Secret " + s.namespace() + "/" + s.name()
                    + " is in another namespace (not supported)";
        }
        boolean found = secrets.stream().anyMatch(x -> x.meta().namespace().equals(gw.meta().namespace())
                && x.meta().name().equals(s.name()) && TlsSecretObject.TLS_TYPE.equals(x.type()));
        return found ? null : "certificateRefs[0]: no kubernetes.io/tls Secret " + gw.meta().namespace() + "/" + s.name();
    }
}
