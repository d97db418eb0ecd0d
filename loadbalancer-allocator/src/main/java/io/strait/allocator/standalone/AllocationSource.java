package io.strait.allocator.standalone;

import io.strait.allocator.config.RawObject;
import io.strait.allocator.ipam.LbService;
import io.strait.allocator.l2.AnnouncerChoice.NodeView;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.sync.SnapshotSource;
import java.util.List;

/**
 * A source that also holds what LoadBalancer allocation needs, read together with each snapshot
 * (standalone mode's manifest folder). {@link LoadBalancerStage} decorates it.
 */
public interface AllocationSource extends SnapshotSource {
    /**
     * What the source holds for LoadBalancer allocation and announcing.
     *
     * @param services the Services as the allocator sees them
     * @param config   the metallb.io objects
     * @param nodes    every Node, with its readiness
     */
    record LoadBalancerInputs(List<LbService> services, List<RawObject> config, List<NodeView> nodes) {
        public static final LoadBalancerInputs NONE = new LoadBalancerInputs(List.of(), List.of(), List.of());

        public LoadBalancerInputs {
            services = List.copyOf(services);
            config = List.copyOf(config);
            nodes = List.copyOf(nodes);
        }
    }

    /** One read: the proxy's snapshot and the allocation inputs read with it. */
    record Contents(ClusterState state, LoadBalancerInputs loadBalancers) {}

    /** The newest contents, or null before the first read. */
    Contents contents();
}
