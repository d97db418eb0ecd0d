package io.strait.proxy.model;

import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of everything the proxy has been told: Services, their EndpointSlices,
 * and this node. Replaced as a whole on every change; readers never see a partial update.
 *
 * @param slices slices by Service, each list sorted by slice name
 * @param node   this node, or null when unknown (standalone without a Node manifest)
 */
public record ClusterState(
        Map<ServiceName, ServiceInfo> services,
        Map<ServiceName, List<SliceInfo>> slices,
        NodeInfo node) {

    public static final ClusterState EMPTY = new ClusterState(Map.of(), Map.of(), null);

    public ClusterState {
        // Hash maps, not sorted ones: at 10,000 Services a sorted copy per sync dominated the
        // sync's cost (scale benchmark profile). Nothing depends on iteration order.
        services = Map.copyOf(services);
        Map<ServiceName, List<SliceInfo>> copy = java.util.HashMap.newHashMap(slices.size());
        slices.forEach((k, v) -> copy.put(k, List.copyOf(v))); // no copy when v is already immutable
        slices = java.util.Collections.unmodifiableMap(copy);
    }

    /** The slices of one Service (empty when none). */
    public List<SliceInfo> slicesOf(ServiceName service) {
        return slices.getOrDefault(service, List.of());
    }
}
