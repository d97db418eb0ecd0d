package io.strait.allocator.speaker;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.allocator.config.Config;
import io.strait.allocator.k8s.KubernetesAllocator;
import io.strait.allocator.k8s.Leadership;
import io.strait.proxy.problem.Problem;
import java.time.Clock;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Kubernetes mode's LoadBalancer side, as the settings ask: the allocator with its Lease (only the
 * leader writes status) and, on every node, the {@link LoadBalancerAnnouncer}, which is the sync's
 * LoadBalancer sink ({@link #sink()}: each sync hands it the whole snapshot). Registers the pool
 * gauges and {@code strait_config_stale} once for both, and counts the announcer's problems in
 * {@code strait_config_problems}. {@link #close} is idempotent: it withdraws announcements and
 * releases the Lease. Thread-safe.
 */
public final class LoadBalancing implements AutoCloseable {
    private final KubernetesAllocator allocator;
    private final Leadership leadership;
    private final LoadBalancerAnnouncer announcer;
    private final Announcements announcements;
    private boolean closed;

    private LoadBalancing(KubernetesAllocator allocator, Leadership leadership, LoadBalancerAnnouncer announcer,
                          Announcements announcements) {
        this.allocator = allocator;
        this.leadership = leadership;
        this.announcer = announcer;
        this.announcements = announcements;
    }

    /** Starts what the settings enable (possibly nothing) as node identity; start the proxy with it next. */
    public static LoadBalancing start(LoadBalancerSettings settings, KubernetesClient client, String node) {
        return start(settings, client, node, settings.announce() ? new Announcements() : null,
                SpeakerLeases.Timings.DEFAULT);
    }

    /** As {@link #start(LoadBalancerSettings, KubernetesClient, String)} with the given announcements (tests). */
    public static LoadBalancing start(LoadBalancerSettings settings, KubernetesClient client, String node,
                               Announcements announcements, SpeakerLeases.Timings timings) {
        return start(settings, client, node, announcements, timings, Clock.systemUTC());
    }

    /** As above, with the clock that judges speaker Lease expiry (tests run it fake). */
    public static LoadBalancing start(LoadBalancerSettings settings, KubernetesClient client, String node,
                                      Announcements announcements, SpeakerLeases.Timings timings,
                                      InstantSource clock) {
        KubernetesAllocator allocator = null;
        Leadership leadership = null;
        LoadBalancerAnnouncer announcer = null;
        try {
            if (settings.allocate()) {
                allocator = new KubernetesAllocator(client);
                leadership = Leadership.start(client, settings.leaseNamespace(), settings.leaseName(), node,
                        Leadership.Timings.DEFAULT, allocator);
            }
            if (announcements != null) {
                announcer = LoadBalancerAnnouncer.start(client, node, settings.leaseNamespace(), timings, clock,
                        settings.ignoreExcludeLb(), announcements);
            }
        } catch (RuntimeException e) {
            new LoadBalancing(allocator, leadership, announcer, null).close();
            if (announcer == null && announcements != null) {
                announcements.close();
            }
            throw e;
        }
        return new LoadBalancing(allocator, leadership, announcer, announcer == null ? null : announcements);
    }

    /** The sync's LoadBalancer sink: the announcer gets every snapshot; its problems are counted as they are now. */
    public LoadBalancerSink sink() {
        return LoadBalancerSink.of(desired -> {
            if (announcer != null) {
                announcer.onState(desired.state());
            }
            return List.of();
        }, () -> Problem.all(problems()));
    }

    /** Registers the announcing metrics, the pool gauges and strait_config_stale (when anything runs). */
    public void registerMetrics(PrometheusRegistry registry) {
        if (announcements != null) {
            announcements.register(registry);
        }
        if (allocator != null || announcer != null) {
            KubernetesAllocator al = allocator;
            LoadBalancerAnnouncer an = announcer;
            Supplier<Config> config = an != null ? () -> an.config().current() : () -> al.config().current();
            AllocatorMetrics.register(registry, config, al != null ? al::addressesInUse : Map::of,
                    () -> (al != null && al.config().stale()) || (an != null && an.config().stale()));
        }
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
