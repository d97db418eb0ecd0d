package io.strait.proxy.sync;

import io.strait.proxy.health.ProxyHealth;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.plan.DataplanePlan;
import io.strait.proxy.plan.Planner;
import io.strait.proxy.plan.PlannerConfig;
import io.strait.proxy.problem.Problem;
import io.strait.proxy.problem.ProblemLog;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The one sync loop (kube-proxy's {@code syncProxyRules}): {@link #syncNow()} takes the source's
 * snapshot, plans it, and hands the whole desired state to each sink in their fixed order; the
 * problems of all of them go to report, with the result. A {@link BoundedFrequencyRunner}
 * coalesces the source's change signals into syncs. Nothing is synced before the source has a
 * complete snapshot. Thread-safe; syncs run on the runner's thread.
 */
public final class ProxySync {
    /** How often the loop runs: at least minInterval apart, at most maxInterval apart, retried after retry. */
    public record Periods(Duration minInterval, Duration maxInterval, Duration retry) {}

    private final SnapshotSource source;
    private final List<Sink> sinks;
    private final AtomicReference<PlannerConfig> config;
    private final ProxyHealth health;
    private final InstantSource clock;
    private final Consumer<SyncResult> report;
    private final BoundedFrequencyRunner runner;
    private final ProblemLog failures = new ProblemLog(LoggerFactory.getLogger("io.strait.daemon.Sync"), "sync task");
    private volatile DataplanePlan plan = DataplanePlan.EMPTY;
    private volatile SyncResult first;
    private volatile SyncResult last;

    /**
     * @param sinks  the side effects of a sync, in the order they run
     * @param report gets every sync's result (logs its problems, records metrics)
     */
    public ProxySync(SnapshotSource source, List<Sink> sinks, PlannerConfig config, ProxyHealth health,
                     InstantSource clock, Consumer<SyncResult> report, Periods periods,
                     ScheduledExecutorService executor) {
        this.source = source;
        this.sinks = List.copyOf(sinks);
        this.config = new AtomicReference<>(config);
        this.health = health;
        this.clock = clock;
        this.report = report;
        this.runner = new BoundedFrequencyRunner("sync", this::guardedSync, periods.minInterval(),
                periods.maxInterval(), periods.retry(), executor, System::nanoTime);
    }

    /** A sync that throws (anything) is retried by the runner; until one succeeds it is a problem now. */
    private void guardedSync() {
        try {
            syncNow();
            failures.report(List.of());
        } catch (RuntimeException | Error e) {
            failures.report(List.of(Problem.of("the sync failed: " + e
                    + "; retrying, the last applied state keeps serving")));
            throw e;
        }
    }

    /** The failure of the last sync, while the runner retries it (empty once one succeeds). */
    public List<Problem> failure() {
        return failures.problems();
    }

    /** Starts the source; its first complete snapshot is synced as soon as it is there. */
    public void start() {
        source.start(this::requestSync);
    }

    /** Requests a sync (something changed); coalesced with others. */
    public void requestSync() {
        health.queued();
        runner.run();
    }

    /** Changes the node configuration (e.g. node addresses moved) and requests a sync. */
    public void updateConfig(PlannerConfig newConfig) {
        config.set(newConfig);
        requestSync();
    }

    /** Stops syncing; a sync in progress finishes. */
    public void stop() {
        runner.stop();
    }

    /** Snapshot → plan → every sink in order → report. Called by the runner only. */
    void syncNow() {
        Instant started = clock.instant(); // before the pull: changes recorded after it stay pending
        long t0 = System.nanoTime();
        ClusterState snapshot = source.snapshot();
        if (snapshot == null) {
            return; // the initial listing has not arrived: program nothing yet
        }
        DataplanePlan next = Planner.plan(snapshot, config.get(), plan);
        DesiredState desired = new DesiredState(snapshot, next);
        List<Problem> problems = new ArrayList<>(next.problems());
        for (Sink sink : sinks) {
            problems.addAll(sink.apply(desired));
        }
        plan = next;
        health.updated(started);
        source.applied(snapshot, clock.instant());
        List<Problem> located = problems.stream()
                .map(p -> p.object() == null ? p : p.at(source.sourceOf(p.object()))).toList();
        SyncResult result = new SyncResult(snapshot, next, located, started, Duration.ofNanos(System.nanoTime() - t0));
        if (first == null) {
            first = result;
        }
        last = result;
        report.accept(result);
    }

    /** The plan in effect. */
    public DataplanePlan plan() {
        return plan;
    }

    /** The last sync's result, or null before the first. */
    public SyncResult lastResult() {
        return last;
    }

    /** The first sync's result (what was programmed once the source was complete), or null. */
    public SyncResult firstResult() {
        return first;
    }
}
