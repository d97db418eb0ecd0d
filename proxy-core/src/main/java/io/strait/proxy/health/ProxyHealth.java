package io.strait.proxy.health;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * kube-proxy's health contract (pkg/proxy/healthcheck/proxy_health.go): the proxy is healthy
 * unless a change has been waiting longer than the health timeout without being applied;
 * {@code /healthz} also fails while the node is being deleted, {@code /livez} does not. Unlike
 * kube-proxy, {@code /healthz} (readiness) also fails until the first sync has been applied (its
 * listeners open), so a node is never reported ready before it serves; {@code /livez} passes
 * during start-up, so a slow first listing does not get the process restarted.
 * Thread-safe: state is one immutable record behind an AtomicReference.
 */
public final class ProxyHealth {
    private record State(Instant lastUpdated, Instant oldestPending, boolean nodeDeleting) {}

    private final InstantSource clock;
    private final Duration timeout;
    private final AtomicReference<State> state = new AtomicReference<>(new State(null, null, false));
    private volatile Instant lastQueued;

    public ProxyHealth(InstantSource clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    /** A change was recorded and waits for a sync; keeps the oldest such moment. */
    public void queued() {
        Instant now = clock.instant();
        lastQueued = now;
        state.updateAndGet(s -> s.oldestPending != null ? s : new State(s.lastUpdated, now, s.nodeDeleting));
    }

    /** A sync applied everything recorded before it started. */
    public void updated(Instant syncStart) {
        Instant now = clock.instant();
        state.updateAndGet(s -> new State(now,
                s.oldestPending != null && s.oldestPending.isAfter(syncStart) ? s.oldestPending : null,
                s.nodeDeleting));
    }

    /** This node's Node object has a deletion timestamp. */
    public void nodeDeleting(boolean deleting) {
        state.updateAndGet(s -> new State(s.lastUpdated, s.oldestPending, deleting));
    }

    /** Liveness: no change has waited longer than the timeout. */
    public boolean live() {
        State s = state.get();
        return s.oldestPending == null || Duration.between(s.oldestPending, clock.instant()).compareTo(timeout) <= 0;
    }

    /** Health: a first sync has been applied, live, and the node is not being deleted. */
    public boolean healthy() {
        State s = state.get();
        return s.lastUpdated != null && live() && !s.nodeDeleting;
    }

    /**
     * When a change last asked for a sync, or null (kube-proxy's
     * sync_proxy_rules_last_queued_timestamp_seconds: queued long after the last sync = a hung sync).
     */
    public Instant lastQueued() {
        return lastQueued;
    }

    /** When the dataplane last finished a sync, or null. */
    public Instant lastUpdated() {
        return state.get().lastUpdated;
    }

    /** The JSON body kube-proxy serves on /healthz and /livez. */
    public String json() {
        State s = state.get();
        return "{\"lastUpdated\": \"" + (s.lastUpdated == null ? "" : s.lastUpdated) + "\","
                + " \"currentTime\": \"" + clock.instant() + "\","
                + " \"nodeEligible\": " + !s.nodeDeleting + "}";
    }
}
