package io.strait.daemon.loadbalancer;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.allocator.k8s.KubernetesAllocator;
import io.strait.allocator.k8s.Leadership;
import picocli.CommandLine.Option;

/** {@code strait proxy} flags of the LoadBalancer allocator (Kubernetes mode). */
public final class AllocatorFlags {
    @Option(names = "--allocate-load-balancers", defaultValue = "false",
            description = "Allocate LoadBalancer IPs from metallb.io IPAddressPools and write Service status "
                    + "(one elected leader per cluster) (default: ${DEFAULT-VALUE}).")
    boolean enabled;

    @Option(names = "--leader-election-namespace", paramLabel = "NS", defaultValue = "kube-system",
            description = "Namespace of the allocator's Lease (default: ${DEFAULT-VALUE}).")
    String leaseNamespace;

    @Option(names = "--leader-election-lease", paramLabel = "NAME", defaultValue = "strait-allocator",
            description = "Name of the allocator's coordination.k8s.io Lease (default: ${DEFAULT-VALUE}).")
    String leaseName;

    /** Starts the allocator and its election when enabled; the result closes both. */
    public AutoCloseable start(KubernetesClient client, String identity, PrometheusRegistry registry) {
        if (!enabled) {
            return () -> { };
        }
        KubernetesAllocator allocator = new KubernetesAllocator(client);
        AllocatorMetrics.register(registry, () -> allocator.config().current(), allocator::addressesInUse,
                () -> allocator.config().stale());
        Leadership leadership = Leadership.start(client, leaseNamespace, leaseName, identity,
                Leadership.Timings.DEFAULT, allocator);
        return () -> {
            leadership.close();
            allocator.close();
        };
    }
}
