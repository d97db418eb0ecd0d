package io.strait.proxy.plan;

import io.strait.proxy.problem.Problem;
import io.strait.lb.Algorithm;
import io.strait.lb.BalancerSpec;
import io.strait.lb.Categorized;
import io.strait.lb.Endpoint;
import io.strait.lb.EndpointCategorizer;
import io.strait.lb.ServiceTraffic;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.ServiceType;
import io.strait.proxy.model.SliceInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure function at the heart of the proxy: (snapshot, node config, previous plan) → the node's
 * whole desired dataplane. Every Service port gets a frontend per ClusterIP, external IP and
 * LoadBalancer IP, and per NodePort address; two Service ports claiming one frontend is a clash:
 * the owner in the previous plan keeps it (else the first by name) and the other is reported.
 * The outcome does not depend on the order Services are visited in.
 *
 * <p>Incremental: a Service whose definition and slices are the same as in the previous plan (and
 * the config unchanged) reuses its previous routes, so one EndpointSlice change costs one
 * Service's planning plus a linear pass over frontends, not a re-plan of the cluster.
 * Stateless and thread-safe.
 */
public final class Planner {
    private Planner() {}

    public static DataplanePlan plan(ClusterState state, PlannerConfig config, DataplanePlan previous) {
        String zone = state.node() == null ? null : state.node().zone();
        boolean sameConfig = config.equals(previous.config()) && java.util.Objects.equals(zone, previous.nodeZone());
        Map<ServiceName, ServicePlan> services = new HashMap<>();
        Map<Frontend, RouteSpec> routes = new HashMap<>();
        Map<Frontend, String> fields = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (ServiceInfo svc : state.services().values()) {
            if (!svc.proxied()) {
                continue; // headless and ExternalName Services exist only in DNS, as in kube-proxy
            }
            List<SliceInfo> slices = state.slicesOf(svc.name());
            ServicePlan before = sameConfig ? previous.services().get(svc.name()) : null;
            ServicePlan sp = before != null && before.madeFrom(svc, slices) ? before : planService(svc, slices, config, zone);
            services.put(svc.name(), sp);
            problems.addAll(sp.problems());
            for (ServicePlan.Claim c : sp.claims()) {
                claim(routes, fields, problems, previous, c.frontend(), c.route(), c.field());
            }
        }
        problems.sort(java.util.Comparator.comparing(Problem::toString));
        return new DataplanePlan(routes, problems, config, zone, services);
    }

    static ServicePlan planService(ServiceInfo svc, List<SliceInfo> slices, PlannerConfig config, String zone) {
        List<ServicePlan.Claim> claims = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        BalancerSpec balancer = balancer(svc, config, problems);
        SourceRanges sourceRanges = ExternalTraffic.sourceRanges(svc, problems);
        ProxyProtocol proxyProtocol = ExternalTraffic.proxyProtocol(svc, problems);
        boolean external = !svc.externalIPs().isEmpty() || svc.type() == ServiceType.NODE_PORT
                || svc.type() == ServiceType.LOAD_BALANCER;
        ServiceTraffic traffic = new ServiceTraffic(svc.internalTrafficPolicy(), svc.externalTrafficPolicy(),
                svc.trafficDistribution(), external);
        for (int i = 0; i < svc.ports().size(); i++) {
            ServicePort port = svc.ports().get(i);
            List<Endpoint> all = EndpointResolver.resolve(port, slices);
            Categorized categorized = EndpointCategorizer.categorize(traffic, config.nodeName(), zone, all);
            if (EndpointResolver.unmatched(port, slices)) {
                problems.add(Problem.of("Service " + svc.name(), "spec.ports[" + i + "].name",
                        "no EndpointSlice port is named \"" + port.name() + "\" with protocol "
                                + port.protocol() + ": the port has no endpoints"));
            }
            ProxyProtocol header = ExternalTraffic.forPort(proxyProtocol, port, i, svc, problems);
            for (FrontendKind kind : FrontendKind.values()) {
                List<InetSocketAddress> addresses = addresses(svc, port, kind, config);
                if (addresses.isEmpty()) {
                    continue;
                }
                RouteSpec route = new RouteSpec(svc.portName(port), kind,
                        kind.external() ? categorized.externalEndpoints() : categorized.internalEndpoints(), balancer,
                        kind == FrontendKind.LOAD_BALANCER_IP ? sourceRanges : SourceRanges.ANY, header);
                String field = "spec.ports[" + i + "]." + (kind == FrontendKind.NODE_PORT ? "nodePort" : "port");
                for (InetSocketAddress address : addresses) {
                    claims.add(new ServicePlan.Claim(new Frontend(port.protocol(), address), route, field));
                }
            }
        }
        return new ServicePlan(svc, slices, claims, problems);
    }

    /** The Service's balancing: its annotation, else the default; a bad annotation is reported. */
    private static BalancerSpec balancer(ServiceInfo svc, PlannerConfig config, List<Problem> problems) {
        Algorithm algorithm = config.defaultAlgorithm();
        String wanted = svc.annotations().get(PlannerConfig.ALGORITHM_ANNOTATION);
        if (wanted != null) {
            try {
                algorithm = Algorithm.parse(wanted.trim());
            } catch (IllegalArgumentException e) {
                problems.add(Problem.of("Service " + svc.name(), "metadata.annotations[" + PlannerConfig.ALGORITHM_ANNOTATION + "]",
                        e.getMessage() + "; using the default, " + algorithm.wireName()));
            }
        }
        BalancerSpec spec = new BalancerSpec(algorithm, false, BalancerSpec.DEFAULT_AFFINITY_TIMEOUT, config.maglevTableSize());
        return svc.clientIpAffinity() ? spec.withClientIpAffinity(svc.affinityTimeout()) : spec;
    }

    private static List<InetSocketAddress> addresses(ServiceInfo svc, ServicePort port, FrontendKind kind,
                                                     PlannerConfig config) {
        List<InetAddress> ips = switch (kind) {
            case CLUSTER_IP -> svc.clusterIPs();
            case EXTERNAL_IP -> svc.externalIPs();
            case LOAD_BALANCER_IP -> svc.type() == ServiceType.LOAD_BALANCER ? svc.loadBalancerIPs() : List.of();
            case NODE_PORT -> port.nodePort() != 0 && svc.type() != ServiceType.CLUSTER_IP
                    ? config.nodePortAddresses() : List.of();
        };
        int p = kind == FrontendKind.NODE_PORT ? port.nodePort() : port.port();
        return ips.stream().map(ip -> new InetSocketAddress(ip, p)).toList();
    }

    private static void claim(Map<Frontend, RouteSpec> routes, Map<Frontend, String> fields, List<Problem> problems,
                              DataplanePlan previous, Frontend frontend, RouteSpec route, String field) {
        RouteSpec held = routes.get(frontend);
        if (held == null) {
            routes.put(frontend, route);
            fields.put(frontend, field);
            return;
        }
        if (held.service().equals(route.service())) {
            return; // the same Service port listed twice under one address (e.g. externalIP == clusterIP)
        }
        RouteSpec before = previous.routes().get(frontend);
        RouteSpec winner = held;
        RouteSpec loser = route;
        String loserField = field;
        boolean newcomerOwnedIt = before != null && before.service().equals(route.service());
        boolean nobodyOwnedIt = before == null || (!before.service().equals(held.service()) && !newcomerOwnedIt);
        if (newcomerOwnedIt || (nobodyOwnedIt && route.service().compareTo(held.service()) < 0)) {
            winner = route;
            loser = held;
            loserField = fields.put(frontend, field);
        }
        routes.put(frontend, winner);
        problems.add(Problem.of("Service " + loser.service().service(), loserField,
                "port clash on " + frontend + ": already served by " + winner.service()
                        + "; this port is not opened there"));
    }
}
