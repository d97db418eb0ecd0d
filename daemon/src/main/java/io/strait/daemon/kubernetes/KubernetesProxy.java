package io.strait.daemon.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.strait.allocator.speaker.LoadBalancerSink;
import io.strait.allocator.speaker.LoadBalancing;
import io.strait.daemon.ProxyOptions;
import io.strait.daemon.ProxyRuntime;
import io.strait.dns.DnsSettings;
import io.strait.proxy.health.ProxyHealth;
import io.strait.proxy.vip.VipManager;
import java.time.Duration;

/**
 * Kubernetes mode running in this process: the informers ({@link KubernetesSource}) feeding a
 * {@link ProxyRuntime}, with the Kubernetes metrics registered. The client belongs to the caller.
 */
public final class KubernetesProxy implements AutoCloseable {
    private final ProxyRuntime runtime;
    private final KubernetesSource source;

    private KubernetesProxy(ProxyRuntime runtime, KubernetesSource source) {
        this.runtime = runtime;
        this.source = source;
    }

    /** As {@link #start(KubernetesClient, ProxyOptions, VipManager, LoadBalancing)} without LoadBalancer announcing. */
    public static KubernetesProxy start(KubernetesClient client, ProxyOptions options, VipManager vips) {
        return start(client, options, vips, null);
    }

    /**
     * Starts the runtime and the informers; the dataplane is programmed once they have listed.
     * vips (null for none) puts each plan's VIPs on the node before its listeners bind;
     * loadBalancing (null for none) is the LoadBalancer sink, its metrics registered here.
     */
    public static KubernetesProxy start(KubernetesClient client, ProxyOptions options, VipManager vips,
                                        LoadBalancing loadBalancing) {
        return start(client, options, vips, loadBalancing, null);
    }

    /** As {@link #start(KubernetesClient, ProxyOptions, VipManager, LoadBalancing)} with cluster DNS (null for none). */
    public static KubernetesProxy start(KubernetesClient client, ProxyOptions options, VipManager vips,
                                        LoadBalancing loadBalancing, DnsSettings dns) {
        ProxyHealth health = ProxyRuntime.health(options);
        KubernetesSource source = new KubernetesSource(client, options.nodeName(), health);
        LoadBalancerSink lb = loadBalancing == null ? LoadBalancerSink.NONE : loadBalancing.sink();
        ProxyRuntime runtime;
        try {
            runtime = new ProxyRuntime(options, health, source, vips, lb, dns);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        try {
            runtime.metrics().registerChanges(source::servicesPending, source::endpointsPending,
                    source::serviceChanges, source::endpointChanges);
            source.onProgrammingLatency(runtime.metrics().programmingLatency());
            if (loadBalancing != null) {
                loadBalancing.registerMetrics(runtime.metrics().registry());
            }
            return new KubernetesProxy(runtime, source);
        } catch (RuntimeException e) {
            source.close();
            runtime.close();
            throw e;
        }
    }

    /** Waits for the informers' initial lists; false on timeout (they keep trying). */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        return source.awaitSynced(timeout);
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    public KubernetesSource source() {
        return source;
    }

    /**
     * Graceful stop: stop watching, close the listeners, let established connections finish for
     * up to grace, then stop everything. Returns the connections cut at the end.
     */
    public long stop(Duration grace) throws InterruptedException {
        source.close();
        try {
            return Drain.drain(runtime, grace);
        } finally {
            runtime.close();
        }
    }

    @Override
    public void close() {
        source.close();
        runtime.close();
    }
}
