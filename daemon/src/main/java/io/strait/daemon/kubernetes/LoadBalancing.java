package io.strait.daemon.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.allocator.config.Config;
import io.strait.allocator.k8s.KubernetesAllocator;
import io.strait.allocator.k8s.Leadership;
import io.strait.daemon.announce.Announcements;
import io.strait.daemon.loadbalancer.AllocatorFlags;
import io.strait.daemon.loadbalancer.AllocatorMetrics;
import io.strait.proxy.sync.SyncResult;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Kubernetes mode's LoadBalancer side, as the flags ask: the allocator with its Lease (only the
 * leader writes status) and, on every node, the {@link LoadBalancerAnnouncer} fed by the proxy's
 * syncs. Registers the pool gauges and {@code strait_config_stale} once for both, and counts the
 * announcer's problems in {@code strait_config_problems}. {@link #close} is idempotent: it withdraws
 * announcements and releases the Lease. Thread-safe.
 */
public final class LoadBalancing implements AutoCloseable {
    private final KubernetesAllocator allocator;
    private final Leadership leadership;
    private final LoadBalancerAnnouncer announcer;
    private boolean closed;

    private LoadBalancing(KubernetesAllocator allocator, Leadership leadership, LoadBalancerAnnouncer announcer) {
        this.allocator = allocator;
        this.leadership = leadership;
        this.announcer = announcer;
    }

    /** Starts what the flags enable (possibly nothing) beside the running proxy, as node identity. */
    public static LoadBalancing start(AllocatorFlags flags, KubernetesClient client, KubernetesProxy proxy) {
        return start(flags, client, proxy, flags.announce() ? new Announcements() : null,
                SpeakerLeases.Timings.DEFAULT);
    }

    /** As {@link #start(AllocatorFlags, KubernetesClient, KubernetesProxy)} with the given announcements (tests). */
    static LoadBalancing start(AllocatorFlags flags, KubernetesClient client, KubernetesProxy proxy,
                               Announcements announcements, SpeakerLeases.Timings timings) {
        String node = proxy.runtime().options().nodeName();
        PrometheusRegistry registry = proxy.runtime().metrics().registry();
        KubernetesAllocator allocator = null;
        Leadership leadership = null;
        LoadBalancerAnnouncer announcer = null;
        try {
            if (flags.allocate()) {
                allocator = new KubernetesAllocator(client);
                leadership = Leadership.start(client, flags.leaseNamespace(), flags.leaseName(), node,
                        Leadership.Timings.DEFAULT, allocator);
            }
            if (announcements != null) {
                announcer = LoadBalancerAnnouncer.start(client, node, flags.leaseNamespace(), timings,
                        flags.ignoreExcludeLb(), announcements.register(registry));
                LoadBalancerAnnouncer a = announcer;
                proxy.runtime().sync().addListener((SyncResult r) -> a.onState(r.state()));
                SyncResult last = proxy.runtime().sync().lastResult();
                if (last != null) {
                    a.onState(last.state());
                }
                proxy.countProblems(a::problems);
            }
        } catch (RuntimeException e) {
            new LoadBalancing(allocator, leadership, announcer).close();
            if (announcer == null && announcements != null) {
                announcements.close();
            }
            throw e;
        }
        if (allocator != null || announcer != null) {
            KubernetesAllocator al = allocator;
            LoadBalancerAnnouncer an = announcer;
            Supplier<Config> config = an != null ? () -> an.config().current() : () -> al.config().current();
            AllocatorMetrics.register(registry, config, al != null ? al::addressesInUse : Map::of,
                    () -> (al != null && al.config().stale()) || (an != null && an.config().stale()));
        }
        return new LoadBalancing(allocator, leadership, announcer);
    }

    /** The announcer, or null when this node does not announce. */
    public LoadBalancerAnnouncer announcer() {
        return announcer;
    }

    /** The allocator, or null when this process does not allocate. */
    public KubernetesAllocator allocator() {
        return allocator;
    }

    /** Problems of the announcer (configuration, this Node, speakers). */
    public List<String> problems() {
        return announcer == null ? List.of() : announcer.problems();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (announcer != null) {
            announcer.close();
        }
        if (leadership != null) {
            leadership.close();
        }
        if (allocator != null) {
            allocator.close();
        }
    }
}
