package io.strait.bench.scale;

import io.strait.proxy.dataplane.Dataplane;
import io.strait.proxy.dataplane.DataplaneConfig;
import io.strait.proxy.health.ProxyHealth;
import io.strait.proxy.k8s.ServiceTranslator;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.plan.PlannerConfig;
import io.strait.proxy.sync.ProxySync;
import io.strait.proxy.sync.Sink;
import io.strait.proxy.sync.SnapshotSource;
import io.strait.proxy.sync.SyncResult;
import io.strait.proxy.tracker.EndpointsChangeTracker;
import io.strait.proxy.tracker.ServiceChangeTracker;
import io.strait.proxy.tracker.TrackedState;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Kubernetes mode at scale, without an API server: N Services × E endpoints are fed as fabric8
 * objects straight into the change trackers (what the informer handlers do), and the real sync
 * path runs: trackers → TrackedState → Planner → Dataplane.apply, driven by the real
 * BoundedFrequencyRunner. The dataplane binds one real TCP listener per ClusterIP on 127.100.x.y.
 *
 * <p>Measures: time to the first full sync; latency from recording one EndpointSlice change to
 * the end of the sync that applied it (the route swap is the last step of apply), one change at a
 * time and with changes arriving continuously at a fixed rate (latency counted from the intended
 * arrival time, so a stalled feeder does not hide delay: coordinated omission); heap after GC.
 *
 * <p>Usage: {@code ScaleBenchmark [services=10000] [endpoints=10] [minSyncMillis=20] [rate=100] [seconds=10] [single=200]}
 */
public final class ScaleBenchmark {
    private final ServiceChangeTracker services = new ServiceChangeTracker(new ServiceTranslator("strait", false));
    private final EndpointsChangeTracker endpoints = new EndpointsChangeTracker();
    private final AtomicLong recorded = new AtomicLong();
    private volatile long[] recordedAt = new long[0];
    private volatile long applied; // written by the sync thread only
    private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private volatile CountDownLatch firstSync = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        int n = arg(args, 0, 10_000);
        int e = arg(args, 1, 10);
        int minSync = arg(args, 2, 20);
        int rate = arg(args, 3, 100);
        int seconds = arg(args, 4, 10);
        int single = arg(args, 5, 200);
        new ScaleBenchmark().run(n, e, Duration.ofMillis(minSync), rate, seconds, single);
    }

    private static int arg(String[] args, int i, int def) {
        return args.length > i ? Integer.parseInt(args[i]) : def;
    }

    private void run(int n, int e, Duration minSync, int rate, int seconds, int single) throws Exception {
        System.out.printf("services=%d endpoints/service=%d min-sync-period=%s rate=%d/s for %d s; %s, %d cores%n",
                n, e, minSync, rate, seconds, Runtime.version(), Runtime.getRuntime().availableProcessors());
        recordedAt = new long[n * 4 + rate * seconds * 2 + 16];
        try (Dataplane dataplane = new Dataplane(DataplaneConfig.defaults())) {
            ProxyHealth health = new ProxyHealth(Clock.systemUTC(), Duration.ofMinutes(5));
            ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor();
            SnapshotSource source = new SnapshotSource() {
                @Override
                public void start(Runnable changed) {
                }

                @Override
                public ClusterState snapshot() {
                    return pull();
                }

                @Override
                public List<io.strait.proxy.problem.Problem> currentProblems() {
                    return List.of();
                }
            };
            Sink dataplaneSink = d -> dataplane.apply(d.plan()).stream()
                    .map(f -> io.strait.proxy.problem.Problem.of(f.getMessage())).toList();
            ProxySync sync = new ProxySync(source, List.of(dataplaneSink),
                    new PlannerConfig("node-0", List.of(), io.strait.lb.Algorithm.ROUND_ROBIN), health,
                    Clock.systemUTC(), this::onSync,
                    new ProxySync.Periods(minSync, Duration.ofMinutes(10), Duration.ofSeconds(1)), control);
            sync.start();

            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                services.update(ClusterObjects.service(i));
                endpoints.update(ClusterObjects.slice(i, e, 0));
            }
            long t1 = System.nanoTime();
            sync.requestSync();
            firstSync.await();
            long t2 = System.nanoTime();
            SyncResult first = sync.lastResult();
            System.out.printf("initial list recorded in %d ms; first full sync done %d ms after that (%d ms total); "
                            + "%d listeners; sync took %d ms; problems %d%n",
                    ms(t1 - t0), ms(t2 - t1), ms(t2 - t0), dataplane.listening().size(), first.took().toMillis(),
                    first.problems().size());
            heap("heap after GC, after the first sync");

            latency.reset();
            for (int k = 0; k < single; k++) {
                change(ThreadLocalRandom.current().nextInt(n), e, k + 1, System.nanoTime());
                sync.requestSync();
                awaitApplied();
                LockSupport.parkNanos(minSync.toNanos() + 2_000_000L);
            }
            if (single > 0) {
                report("one change at a time (" + single + " changes)");
            }

            latency.reset();
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime();
            long cpu0 = cpuNanos();
            int syncs0 = syncs;
            int total = rate * seconds;
            for (int k = 0; k < total; k++) {
                long intended = start + k * interval;
                LockSupport.parkNanos(intended - System.nanoTime());
                change(ThreadLocalRandom.current().nextInt(n), e, 1000 + k, intended);
                sync.requestSync();
            }
            awaitApplied();
            report(rate + " changes/s for " + seconds + " s (" + total + " changes)");
            double wall = (System.nanoTime() - start) / 1e9;
            System.out.printf("  %d syncs in %.1f s; process CPU %.0f %% of one core%n", syncs - syncs0, wall,
                    100.0 * (cpuNanos() - cpu0) / 1e9 / wall);
            heap("heap after GC, at the end");
            sync.stop();
            control.shutdownNow();
        }
    }

    private void change(int service, int e, int gen, long at) {
        long idx = recorded.get();
        recordedAt[(int) idx] = at;
        endpoints.update(ClusterObjects.slice(service, e, gen));
        recorded.set(idx + 1);
    }

    /** The sync's source: notes how many changes were recorded before the trackers are drained. */
    private long pulledUpTo;

    private ClusterState pull() {
        pulledUpTo = recorded.get();
        return TrackedState.apply(services, endpoints, null).state();
    }

    private volatile int syncs;

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private void onSync(SyncResult r) {
        syncs++; // sync thread only
        long now = System.nanoTime();
        for (long i = applied; i < pulledUpTo; i++) {
            latency.recordValue(Math.max(0, now - recordedAt[(int) i]));
        }
        applied = Math.max(applied, pulledUpTo);
        firstSync.countDown();
    }

    private void awaitApplied() {
        while (appliedVolatile() < recorded.get()) {
            LockSupport.parkNanos(200_000);
        }
    }

    private long appliedVolatile() {
        return applied;
    }

    private void report(String what) {
        System.out.printf("%s: change → applied p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what,
                latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6);
    }

    private static void heap(String what) {
        System.gc();
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("%s: %d MiB%n", what, used >> 20);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
