package io.strait.proxy.sync;

import io.strait.proxy.dataplane.BindFailedException;
import io.strait.proxy.dataplane.Dataplane;
import io.strait.proxy.health.ProxyHealth;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.plan.DataplanePlan;
import io.strait.proxy.plan.PlanProblem;
import io.strait.proxy.plan.Planner;
import io.strait.proxy.plan.PlannerConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one sync loop: sources publish whole {@link ClusterState} snapshots with {@link #update};
 * a {@link BoundedFrequencyRunner} coalesces them into syncs that plan from the newest snapshot
 * and apply the plan to the dataplane. Nothing is synced before the first snapshot arrives (the
 * sources publish only once their initial listing is complete). Thread-safe.
 */
public final class ProxySync {
    private final Dataplane dataplane;
    private final AtomicReference<PlannerConfig> config;
    private final ProxyHealth health;
    private final InstantSource clock;
    private final AtomicReference<ClusterState> state = new AtomicReference<>();
    private final List<Consumer<SyncResult>> listeners = new CopyOnWriteArrayList<>();
    private volatile DataplanePlan plan = DataplanePlan.EMPTY;
    private volatile SyncResult last;
    private BoundedFrequencyRunner runner;
    private volatile Supplier<ClusterState> source;
    private volatile Function<DataplanePlan, List<String>> beforeApply = p -> List.of();

    public ProxySync(Dataplane dataplane, PlannerConfig config, ProxyHealth health, InstantSource clock) {
        this.dataplane = dataplane;
        this.config = new AtomicReference<>(config);
        this.health = health;
        this.clock = clock;
    }

    /** Connects the runner that drives {@link #syncNow()}; call once before the first update. */
    public void setRunner(BoundedFrequencyRunner runner) {
        this.runner = runner;
    }

    /** Called after every sync (on the sync thread). */
    public void addListener(Consumer<SyncResult> listener) {
        listeners.add(listener);
    }

    /** Publishes a new snapshot and requests a sync. */
    public void update(ClusterState snapshot) {
        state.set(snapshot);
        health.queued();
        runner.run();
    }

    /**
     * Makes every sync pull its snapshot from source first (a source that builds it from change
     * trackers); null from the source means "not complete yet" and keeps the previous snapshot.
     */
    public void setSource(Supplier<ClusterState> source) {
        this.source = source;
    }

    /** Requests a sync of what the source holds now (after a change was recorded). */
    public void requestSync() {
        health.queued();
        runner.run();
    }

    /**
     * Runs on the sync thread with each plan before the dataplane applies it (e.g. to put VIPs on
     * the node before listeners bind them); returns problems to report with the sync's.
     */
    public void setBeforeApply(Function<DataplanePlan, List<String>> hook) {
        this.beforeApply = hook;
    }

    /** Changes the node configuration (e.g. node addresses moved) and requests a sync. */
    public void updateConfig(PlannerConfig newConfig) {
        config.set(newConfig);
        health.queued();
        runner.run();
    }

    /** Plans from the newest snapshot and applies the plan. Called by the runner only. */
    public void syncNow() {
        Instant started = clock.instant(); // before the pull: changes recorded after it stay pending
        long t0 = System.nanoTime();
        Supplier<ClusterState> pull = source;
        ClusterState pulled = pull == null ? null : pull.get();
        if (pulled != null) {
            state.set(pulled);
        }
        ClusterState snapshot = state.get();
        if (snapshot == null) {
            return; // the initial listing has not arrived: program nothing yet
        }
        DataplanePlan next = Planner.plan(snapshot, config.get(), plan);
        List<String> problems = new ArrayList<>(beforeApply.apply(next));
        List<BindFailedException> failures = dataplane.apply(next);
        plan = next;
        health.updated(started);
        next.problems().stream().map(PlanProblem::toString).forEach(problems::add);
        failures.stream().map(BindFailedException::getMessage).forEach(problems::add);
        SyncResult result = new SyncResult(snapshot, next, problems, started, Duration.ofNanos(System.nanoTime() - t0));
        last = result;
        listeners.forEach(l -> l.accept(result));
    }

    /** The plan in effect. */
    public DataplanePlan plan() {
        return plan;
    }

    /** The last sync's result, or null before the first. */
    public SyncResult lastResult() {
        return last;
    }
}
