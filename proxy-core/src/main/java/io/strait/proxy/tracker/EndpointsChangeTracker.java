package io.strait.proxy.tracker;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.strait.proxy.k8s.SliceTranslator;
import io.strait.proxy.model.SliceInfo;

/**
 * Records EndpointSlice changes for the next sync (kube-proxy's EndpointsChangeTracker), keyed by
 * the slice's own namespace and name (a Service has several slices; the sync groups them by the
 * {@code kubernetes.io/service-name} label). The applied changes carry each slice's
 * {@code last-change-trigger-time}, which the sync turns into the network-programming latency.
 * Thread-safe.
 */
public final class EndpointsChangeTracker {
    private final SliceTranslator translator = new SliceTranslator();
    private final ChangeTracker<ObjectName, SliceInfo> changes = new ChangeTracker<>();

    /** An added or updated slice. Returns true when changes are pending. */
    public boolean update(EndpointSlice slice) {
        ObjectName name = ObjectName.of(slice);
        Tracked<SliceInfo> t = Tracked.of(() -> translator.translate(slice));
        if (t instanceof Tracked.Ignored<SliceInfo> i) {
            t = new Tracked.Ignored<>("EndpointSlice " + name + " ignored: " + i.reason());
        }
        return changes.record(name, t);
    }

    /** A deleted slice. Returns true when changes are pending. */
    public boolean delete(EndpointSlice slice) {
        return changes.record(ObjectName.of(slice), null);
    }

    /** Slices whose changes wait for the next sync (strait_sync_proxy_rules_endpoint_changes_pending). */
    public int pending() {
        return changes.pending();
    }

    /** EndpointSlice events recorded so far (strait_sync_proxy_rules_endpoint_changes_total). */
    public long changes() {
        return changes.recorded();
    }

    /** Applies the pending changes; called by the sync thread. */
    public ChangeTracker.Applied<ObjectName, SliceInfo> apply() {
        return changes.apply();
    }
}
