package io.strait.proxy.tracker;

import io.fabric8.kubernetes.api.model.Service;
import io.strait.proxy.k8s.ServiceTranslator;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;

/**
 * Records Service changes for the next sync (kube-proxy's ServiceChangeTracker): each event is
 * translated at once, so an update that changes nothing the proxy uses (a status condition, a
 * resourceVersion) leaves nothing pending. Thread-safe.
 */
public final class ServiceChangeTracker {
    private final ServiceTranslator translator;
    private final ChangeTracker<ServiceName, ServiceInfo> changes = new ChangeTracker<>();

    public ServiceChangeTracker(ServiceTranslator translator) {
        this.translator = translator;
    }

    /** An added or updated Service. Returns true when changes are pending. */
    public boolean update(Service service) {
        ObjectName name = ObjectName.of(service);
        Tracked<ServiceInfo> t = Tracked.of(() -> translator.translate(service));
        if (t instanceof Tracked.Ignored<ServiceInfo> i) {
            t = new Tracked.Ignored<>("Service " + name + " ignored: " + i.reason());
        }
        return changes.record(key(name), t);
    }

    /** A deleted Service. Returns true when changes are pending. */
    public boolean delete(Service service) {
        return changes.record(key(ObjectName.of(service)), null);
    }

    /** Services whose changes wait for the next sync (strait_sync_proxy_rules_service_changes_pending). */
    public int pending() {
        return changes.pending();
    }

    /** Service events recorded so far (strait_sync_proxy_rules_service_changes_total). */
    public long changes() {
        return changes.recorded();
    }

    /** Applies the pending changes; called by the sync thread. */
    public ChangeTracker.Applied<ServiceName, ServiceInfo> apply() {
        return changes.apply();
    }

    private static ServiceName key(ObjectName name) {
        return new ServiceName(name.namespace(), name.name());
    }
}
