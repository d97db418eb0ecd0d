package io.strait.allocator.speaker;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.strait.allocator.announce.AnnouncementPlanner.ServiceView;
import io.strait.allocator.config.Config;
import io.strait.allocator.config.Pool;
import io.strait.allocator.ipam.LbService;
import io.strait.allocator.l2.AnnouncerChoice.NodeView;
import io.strait.lb.TrafficPolicy;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.NodeInfo;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceType;
import io.strait.proxy.model.SliceInfo;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure: a {@link ClusterState} (LoadBalancer IPs as the proxy serves them — the allocator's result in
 * standalone mode, {@code status.loadBalancer.ingress} in Kubernetes mode) → the planner's inputs.
 * An address no pool of the configuration contains is not announced (it was not handed out by us),
 * nor are the addresses of a Service whose {@code spec.loadBalancerClass} names another implementation.
 * Whether a Service has ready endpoints goes with it; the planner announces none of a Service without.
 */
public final class AnnouncementInputs {
    /** The well-known label that keeps a node out of external load balancing. */
    public static final String EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";

    private AnnouncementInputs() {}

    public static List<ServiceView> services(Config config, ClusterState state) {
        List<ServiceView> views = new ArrayList<>();
        for (ServiceInfo svc : state.services().values()) {
            if (svc.type() != ServiceType.LOAD_BALANCER || svc.loadBalancerIPs().isEmpty()
                    || !(svc.loadBalancerClass() == null || LbService.CLASS.equals(svc.loadBalancerClass()))) {
                continue;
            }
            Map<String, List<InetAddress>> byPool = new LinkedHashMap<>();
            for (InetAddress ip : svc.loadBalancerIPs()) {
                config.pools().values().stream().filter(p -> p.contains(ip)).map(Pool::name).findFirst()
                        .ifPresent(pool -> byPool.computeIfAbsent(pool, k -> new ArrayList<>()).add(ip));
            }
            List<SliceInfo> slices = state.slicesOf(svc.name());
            Set<String> ready = readyNodes(slices);
            boolean anyReady = slices.stream().flatMap(s -> s.endpoints().stream()).anyMatch(EndpointAddress::ready);
            boolean local = svc.externalTrafficPolicy() == TrafficPolicy.LOCAL;
            byPool.forEach((pool, ips) -> views.add(new ServiceView(svc.name(), ips, pool, local, ready, anyReady)));
        }
        return views;
    }

    /**
     * Standalone mode's nodes to choose among: the folder's Nodes as given, and this one, which is
     * always present (Ready, with its labels) when the folder has no Node of its name.
     */
    public static List<NodeView> nodes(Collection<NodeView> nodes, NodeInfo self) {
        Map<String, NodeView> views = new LinkedHashMap<>();
        for (NodeView n : nodes) {
            views.put(n.name(), n);
        }
        views.putIfAbsent(self.name(), new NodeView(self.name(), true, self.labels()));
        return List.copyOf(views.values());
    }

    /**
     * A Node as the announcer choice sees it: eligible ({@code ready}) when its
     * {@code status.conditions} has {@code type: Ready} with {@code status: "True"} and it does not
     * carry the label {@value #EXCLUDE_LABEL} (MetalLB's speaker, too, leaves out NotReady and
     * excluded nodes, for L2 and BGP; kubeadm puts the label on control-plane nodes). A Node with
     * no Ready condition at all (no {@code status}, as a hand-written manifest) is Ready only when
     * noConditionMeansReady (standalone mode; a Node the API server holds without one has not been
     * reported on by its kubelet, so Kubernetes mode passes false).
     */
    public static NodeView node(Node n, boolean noConditionMeansReady) {
        return node(n, noConditionMeansReady, false);
    }

    /** As {@link #node(Node, boolean)}; with ignoreExcludeLabel the label {@value #EXCLUDE_LABEL} is disregarded. */
    public static NodeView node(Node n, boolean noConditionMeansReady, boolean ignoreExcludeLabel) {
        Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
        List<NodeCondition> conditions = n.getStatus() == null || n.getStatus().getConditions() == null ? List.of()
                : n.getStatus().getConditions();
        boolean ready = conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst()
                .map(c -> "True".equals(c.getStatus())).orElse(noConditionMeansReady);
        return new NodeView(n.getMetadata().getName(), ready && (ignoreExcludeLabel || !excluded(n)), labels);
    }

    /** Whether the Node carries the label {@value #EXCLUDE_LABEL}. */
    public static boolean excluded(Node n) {
        return n.getMetadata().getLabels() != null && n.getMetadata().getLabels().containsKey(EXCLUDE_LABEL);
    }

    private static Set<String> readyNodes(List<SliceInfo> slices) {
        Set<String> nodes = new HashSet<>();
        for (SliceInfo s : slices) {
            for (EndpointAddress e : s.endpoints()) {
                if (e.ready() && e.nodeName() != null) {
                    nodes.add(e.nodeName());
                }
            }
        }
        return nodes;
    }
}
