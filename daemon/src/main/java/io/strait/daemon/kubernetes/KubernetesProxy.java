package io.strait.daemon.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.strait.daemon.ProxyOptions;
import io.strait.daemon.ProxyRuntime;
import io.strait.daemon.vip.VipFlags;
import io.strait.proxy.vip.VipManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Kubernetes mode running in this process: informers feeding a {@link ProxyRuntime}, with the
 * Kubernetes metrics registered. The client belongs to the caller.
 */
public final class KubernetesProxy implements AutoCloseable {
    private final ProxyRuntime runtime;
    private final KubernetesSource source;
    private final List<Supplier<? extends Collection<String>>> moreProblems;

    private KubernetesProxy(ProxyRuntime runtime, KubernetesSource source,
                            List<Supplier<? extends Collection<String>>> moreProblems) {
        this.runtime = runtime;
        this.source = source;
        this.moreProblems = moreProblems;
    }

    /**
     * Starts the runtime and the informers; the dataplane is programmed once they have listed.
     * vips (null for none) puts each plan's VIPs on the node before its listeners bind.
     */
    public static KubernetesProxy start(KubernetesClient client, ProxyOptions options, VipManager vips) {
        KubernetesSource[] holder = new KubernetesSource[1];
        List<Supplier<? extends Collection<String>>> more = new CopyOnWriteArrayList<>();
        ProxyRuntime runtime = new ProxyRuntime(options,
                () -> {
                    List<String> all = new ArrayList<>(holder[0] == null ? List.of() : holder[0].problems());
                    more.forEach(p -> all.addAll(p.get()));
                    return all;
                }, UnaryOperator.identity());
        try {
            if (vips != null) {
                VipFlags.attach(runtime.sync(), vips);
            }
            KubernetesSource source = KubernetesSource.start(client, options.nodeName(), runtime.sync(),
                    runtime.health(), Clock.systemUTC());
            holder[0] = source;
            runtime.metrics().registerChanges(source::servicesPending, source::endpointsPending,
                    source::serviceChanges, source::endpointChanges);
            source.onProgrammingLatency(runtime.metrics().programmingLatency());
            return new KubernetesProxy(runtime, source, more);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** Waits for the informers' initial lists; false on timeout (they keep trying). */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        return source.awaitSynced(timeout);
    }

    /** Counts these problems too in {@code strait_config_problems} and lists them in {@code strait status} (e.g. the LoadBalancer announcer's). */
    public void countProblems(Supplier<? extends Collection<String>> problems) {
        moreProblems.add(problems);
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
