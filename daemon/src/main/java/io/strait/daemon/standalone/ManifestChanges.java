package io.strait.daemon.standalone;

import io.strait.proxy.model.ClusterState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Standalone mode's side of kube-proxy's change metrics: Services and EndpointSlices that changed
 * between two reads of the folder (counted, and pending until a sync applies the snapshot holding
 * them), and the network-programming latency from the changed files' modification time to the
 * end of that sync. Thread-safe (monitor).
 */
final class ManifestChanges {
    private long services;
    private long endpoints;
    private int pendingServices;
    private int pendingEndpoints;
    private final List<Instant> triggers = new ArrayList<>();
    private ClusterState awaiting;

    /** A snapshot was published holding these changes; trigger is null when there is none to time. */
    synchronized void published(ClusterState state, int changedServices, int changedEndpoints, Instant trigger) {
        services += changedServices;
        endpoints += changedEndpoints;
        pendingServices += changedServices;
        pendingEndpoints += changedEndpoints;
        if (trigger != null) {
            triggers.add(trigger);
        }
        awaiting = state;
    }

    /** After each sync (ended at end): when it applied the newest published snapshot, its changes are done. */
    void applied(ClusterState state, Instant end, Consumer<Duration> latency) {
        List<Instant> done;
        synchronized (this) {
            if (awaiting == null || state != awaiting) {
                return;
            }
            awaiting = null;
            pendingServices = 0;
            pendingEndpoints = 0;
            done = List.copyOf(triggers);
            triggers.clear();
        }
        done.forEach(t -> latency.accept(Duration.between(t, end)));
    }

    synchronized long services() {
        return services;
    }

    synchronized long endpoints() {
        return endpoints;
    }

    synchronized int pendingServices() {
        return pendingServices;
    }

    synchronized int pendingEndpoints() {
        return pendingEndpoints;
    }
}
