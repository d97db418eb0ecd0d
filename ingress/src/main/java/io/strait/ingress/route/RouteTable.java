package io.strait.ingress.route;

import io.strait.ingress.api.TlsSecretObject;
import java.util.List;
import java.util.Map;

/**
 * Everything the router serves, as one immutable snapshot: the Ingress entry point's host router,
 * one host router per Gateway listener port, the resolved backends, the TLS bindings, and the
 * computed status of every object (with the problems found). Swapped as a whole.
 *
 * @param ingress          rules of every Ingress of our class (served on the Ingress HTTP and HTTPS listeners)
 * @param gatewayPorts     rules of the HTTPRoutes attached to our Gateways, by listener port
 * @param backends         every referenced Service port
 * @param secrets          the kubernetes.io/tls Secrets the TLS bindings name (a binding without one is left out)
 * @param servedIngresses  the Ingresses of our class (their {@code status.loadBalancer} is ours to write)
 * @param problems         invalid fields; an object with one serves its last good version, if any
 */
public record RouteTable(HostRouter ingress, Map<Integer, PortRouter> gatewayPorts,
                         Map<BackendTarget.Key, ResolvedBackend> backends, List<TlsBinding> tls,
                         Map<ObjectRef, TlsSecretObject> secrets,
                         List<RouteStatus> statuses, List<ObjectRef> servedIngresses, List<Problem> problems) {

    public static final RouteTable EMPTY =
            new RouteTable(HostRouter.EMPTY, Map.of(), Map.of(), List.of(), Map.of(), List.of(), List.of(), List.of());

    public RouteTable {
        gatewayPorts = Map.copyOf(gatewayPorts);
        backends = Map.copyOf(backends);
        tls = List.copyOf(tls);
        secrets = Map.copyOf(secrets);
        statuses = List.copyOf(statuses);
        servedIngresses = List.copyOf(servedIngresses);
        problems = List.copyOf(problems);
    }

    /** The router of a Gateway listener port (EMPTY when none). */
    public Router gatewayPort(int port) {
        Router r = gatewayPorts.get(port);
        return r != null ? r : HostRouter.EMPTY;
    }

    /** The status entries of one object. */
    public List<RouteStatus> statusOf(ObjectRef object) {
        return statuses.stream().filter(s -> s.object().equals(object)).toList();
    }
}
