package io.strait.daemon.standalone;

import io.strait.allocator.speaker.AllocatorMetrics;
import io.strait.allocator.speaker.Announcements;
import io.strait.allocator.speaker.LoadBalancerSink;
import io.strait.allocator.standalone.LoadBalancerStage;
import io.strait.daemon.ProxyOptions;
import io.strait.daemon.ProxyRuntime;
import io.strait.dns.DnsSettings;
import io.strait.proxy.vip.VipManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * Standalone mode running in this process: a manifest folder, decorated with LoadBalancer
 * allocation ({@link LoadBalancerStage}), is the {@link ProxyRuntime}'s source; the stage's
 * announcing is its LoadBalancer sink.
 */
public final class Standalone implements AutoCloseable {
    /** How often the folder is checked for changes. */
    public static final Duration POLL = Duration.ofMillis(200);
    private static final long AWAIT_POLL_MILLIS = 5;

    private final ProxyRuntime runtime;
    private final ManifestFolder folder;
    private final LoadBalancerStage loadBalancers;
    private final ScheduledFuture<?> watch;

    private Standalone(ProxyRuntime runtime, ManifestFolder folder, LoadBalancerStage loadBalancers,
                       ScheduledFuture<?> watch) {
        this.runtime = runtime;
        this.folder = folder;
        this.loadBalancers = loadBalancers;
        this.watch = watch;
    }

    /** As {@link #start(Path, ProxyOptions, VipManager)} without VIPs. */
    public static Standalone start(Path dir, ProxyOptions options) {
        return start(dir, options, null);
    }

    /**
     * Starts serving DIR: the folder is read before this returns; the sync thread applies it right
     * after. vips (null for none) puts each plan's VIPs on the node before its listeners bind.
     */
    public static Standalone start(Path dir, ProxyOptions options, VipManager vips) {
        return start(dir, options, vips, null);
    }

    /** As {@link #start(Path, ProxyOptions, VipManager)}, with cluster DNS serving the folder's Services (null for none). */
    public static Standalone start(Path dir, ProxyOptions options, VipManager vips, DnsSettings dns) {
        ManifestFolder folder = new ManifestFolder(dir, options.nodeName(), "strait");
        LoadBalancerStage loadBalancers = new LoadBalancerStage(folder, new Announcements());
        ProxyRuntime runtime;
        try {
            runtime = new ProxyRuntime(options, ProxyRuntime.health(options), loadBalancers, vips,
                    LoadBalancerSink.of(loadBalancers::announce, List::of), dns); // LB problems are the source's
        } catch (RuntimeException e) {
            loadBalancers.close();
            throw e;
        }
        try {
            AllocatorMetrics.register(runtime.metrics().registry(), loadBalancers::config,
                    loadBalancers::addressesInUse, loadBalancers::configStale);
            loadBalancers.announcements().register(runtime.metrics().registry());
            ManifestChanges changes = folder.changes();
            folder.onProgrammingLatency(runtime.metrics().programmingLatency());
            runtime.metrics().registerChanges(changes::pendingServices, changes::pendingEndpoints,
                    changes::services, changes::endpoints);
            ScheduledFuture<?> watch = folder.watch(runtime.control(), POLL);
            return new Standalone(runtime, folder, loadBalancers, watch);
        } catch (RuntimeException e) {
            loadBalancers.close();
            runtime.close();
            throw e;
        }
    }

    /** Waits until the dataplane serves the snapshot last read from the folder; false on timeout. */
    public boolean awaitApplied(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var last = runtime.sync().lastResult();
            if (last != null && loadBalancers.served(folder.contents(), last.state())) {
                return true;
            }
            Thread.sleep(AWAIT_POLL_MILLIS);
        }
        return false;
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    public ManifestFolder folder() {
        return folder;
    }

    /** LoadBalancer allocation: outcomes per Service, pool problems (for {@code strait status}). */
    public LoadBalancerStage loadBalancers() {
        return loadBalancers;
    }

    @Override
    public void close() {
        watch.cancel(false);
        loadBalancers.close();
        runtime.close();
    }
}
