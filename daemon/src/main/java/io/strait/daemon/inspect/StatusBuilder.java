package io.strait.daemon.inspect;

import io.strait.daemon.inspect.Status.EndpointStatus;
import io.strait.daemon.inspect.Status.FrontendStatus;
import io.strait.daemon.inspect.Status.PortStatus;
import io.strait.daemon.inspect.Status.ServiceStatus;
import io.strait.lb.Endpoint;
import io.strait.proxy.dataplane.PortStats;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.EndpointPort;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.ServicePortName;
import io.strait.proxy.model.SliceInfo;
import io.strait.proxy.plan.Frontend;
import io.strait.proxy.plan.RouteSpec;
import io.strait.proxy.sync.SyncResult;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Builds the {@code /status} document from the last sync result and the dataplane. Stateless. */
public final class StatusBuilder {
    private StatusBuilder() {}

    /**
     * @param last      the last sync's result, or null before the first sync
     * @param stats     the dataplane's counters per Service port
     * @param listening the frontends the dataplane listens on now
     * @param current   the problems the source reports now (manifests, metallb.io config, allocation, announcing)
     */
    public static Status build(String node, SyncResult last, Map<ServicePortName, PortStats> stats,
                               Set<Frontend> listening, List<String> current) {
        if (last == null) {
            return new Status(node, null, 0, List.of(), List.of(), current);
        }
        Map<ServicePortName, TreeMap<Frontend, RouteSpec>> routes = new TreeMap<>();
        last.plan().routes().forEach((f, r) -> routes.computeIfAbsent(r.service(), k -> new TreeMap<>()).put(f, r));
        List<ServiceStatus> services = new ArrayList<>();
        for (ServiceInfo svc : last.state().services().values().stream()
                .sorted(java.util.Comparator.comparing(ServiceInfo::name)).toList()) {
            List<PortStatus> ports = new ArrayList<>();
            for (ServicePort sp : svc.ports()) {
                ServicePortName name = new ServicePortName(svc.name(), sp.name(), sp.protocol());
                ports.add(port(name, sp, routes.getOrDefault(name, new TreeMap<>()), last.state().slicesOf(svc.name()),
                        stats.get(name), listening));
            }
            services.add(new ServiceStatus(svc.name().namespace(), svc.name().name(), svc.type().name(),
                    svc.loadBalancerIPs().stream().map(InetAddress::getHostAddress).toList(), null, ports));
        }
        return new Status(node, last.started().toString(), last.took().toMillis(), services, last.messages(), current);
    }

    private static PortStatus port(ServicePortName name, ServicePort sp, TreeMap<Frontend, RouteSpec> routes,
                                   List<SliceInfo> slices, PortStats stats, Set<Frontend> listening) {
        List<FrontendStatus> frontends = new ArrayList<>();
        routes.forEach((f, r) -> frontends.add(new FrontendStatus(f.toString(), r.kind().name(), listening.contains(f))));
        Set<String> eligible = new java.util.HashSet<>();
        routes.values().forEach(r -> r.endpoints().forEach(e -> eligible.add(e.key())));
        List<EndpointStatus> endpoints = new ArrayList<>();
        for (SliceInfo slice : slices) {
            for (EndpointPort ep : slice.ports()) {
                if (!ep.name().equals(sp.name()) || ep.protocol() != sp.protocol()) {
                    continue;
                }
                for (EndpointAddress a : slice.endpoints()) {
                    String key = Endpoint.of(new java.net.InetSocketAddress(a.address(), ep.port())).key();
                    endpoints.add(new EndpointStatus(key, a.nodeName(), a.zone(), a.ready(), a.serving(), a.terminating(),
                            eligible.contains(key) ? "eligible" : a.terminating() ? "terminating"
                                    : a.ready() ? "ready" : "not-ready"));
                }
            }
        }
        RouteSpec any = routes.isEmpty() ? null : routes.firstEntry().getValue();
        String algorithm = any == null ? null : any.balancer().algorithm().toString();
        boolean affinity = any != null && any.balancer().clientIpAffinity();
        return new PortStatus(name.port(), name.protocol().name(), algorithm, affinity, frontends, endpoints,
                stats == null ? null : new Status.Traffic(stats.accepted(), stats.active(), stats.refusedNoEndpoint(),
                        stats.connectFailures(), stats.bytesFromClients(), stats.bytesToClients(), stats.udpFlowsActive()));
    }
}
