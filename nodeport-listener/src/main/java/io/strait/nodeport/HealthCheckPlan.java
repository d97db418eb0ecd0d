package io.strait.nodeport;

import io.strait.lb.TrafficPolicy;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.ServiceType;
import io.strait.proxy.model.SliceInfo;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The health-check node ports a snapshot asks for: one per LoadBalancer Service with
 * {@code externalTrafficPolicy: Local} and a {@code healthCheckNodePort}. Pure.
 *
 * <p>The count is kube-proxy's {@code EndpointsMap.LocalReadyEndpoints()}: distinct addresses of
 * this node's <em>ready</em> endpoints across all the Service's ports. Serving-terminating
 * endpoints are not counted (unlike the routes, which fall back to them) so a load balancer stops
 * sending new traffic to a node that is draining.
 *
 * <p>Two Services naming the same port, or a port that is also a TCP NodePort, are reported
 * naming both; the Service first by name keeps the port.
 */
public final class HealthCheckPlan {
    private HealthCheckPlan() {}

    /** Desired servers by port, and the problems (user-facing messages). */
    public record Desired(Map<Integer, ServiceHealth> servers, List<String> problems) {
        public Desired {
            servers = Map.copyOf(servers);
            problems = List.copyOf(problems);
        }
    }

    public static Desired desired(ClusterState state, String nodeName) {
        Map<Integer, ServiceHealth> servers = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Map<Integer, ServiceName> nodePorts = new HashMap<>();
        for (ServiceInfo svc : state.services().values()) {
            for (ServicePort p : svc.ports()) {
                if (p.nodePort() != 0 && p.protocol() == Protocol.TCP && svc.type() != ServiceType.CLUSTER_IP) {
                    nodePorts.putIfAbsent(p.nodePort(), svc.name());
                }
            }
        }
        // Only LoadBalancer Services with policy Local have one; visited by name so a clash is
        // decided the same way whatever the snapshot's (unordered) iteration gives.
        List<ServiceInfo> candidates = state.services().values().stream()
                .filter(svc -> svc.type() == ServiceType.LOAD_BALANCER
                        && svc.externalTrafficPolicy() == TrafficPolicy.LOCAL && svc.healthCheckNodePort() != 0)
                .sorted(java.util.Comparator.comparing(ServiceInfo::name))
                .toList();
        for (ServiceInfo svc : candidates) {
            int port = svc.healthCheckNodePort();
            ServiceHealth held = servers.get(port);
            ServiceName nodePortOwner = nodePorts.get(port);
            if (held != null) {
                problems.add(clash(svc.name(), port, "already the healthCheckNodePort of Service " + held.service()));
            } else if (nodePortOwner != null) {
                problems.add(clash(svc.name(), port, "already a TCP NodePort of Service " + nodePortOwner));
            } else {
                servers.put(port, new ServiceHealth(svc.name(), localReady(state.slicesOf(svc.name()), nodeName)));
            }
        }
        return new Desired(servers, problems);
    }

    private static String clash(ServiceName svc, int port, String why) {
        return "Service " + svc + ": spec.healthCheckNodePort: port " + port + " is " + why
                + "; no health-check server for this Service";
    }

    static int localReady(List<SliceInfo> slices, String nodeName) {
        Set<InetAddress> ready = new HashSet<>();
        for (SliceInfo slice : slices) {
            for (EndpointAddress e : slice.endpoints()) {
                if (e.ready() && Objects.equals(e.nodeName(), nodeName)) {
                    ready.add(e.address());
                }
            }
        }
        return ready.size();
    }
}
