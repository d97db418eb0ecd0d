package io.strait.proxy.dataplane;

import io.strait.proxy.model.ServiceName;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which Services left the plan, and since when: a TCP connection drains only when the Service it
 * was established through is gone (by namespace/name, not by frontend or port), and its drain ends
 * {@code grace} after the Service's latest deletion. A Service that comes back within the grace
 * keeps its connections; a changed Service (other port, other ClusterIP, renamed port) never
 * drains at all, since it never left. Deletions are remembered a little past the grace (for a
 * connection still connecting when its drain ended), then forgotten.
 *
 * <p>Thread-safe: {@link #update} runs on the control thread (inside {@code Dataplane.apply});
 * {@link #drainOver} is read by event loops and the housekeeping task (one map get).
 */
final class Drains {
    private final long graceNanos;
    private final long rememberNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<ServiceName, Long> goneSince = new ConcurrentHashMap<>();
    private Set<ServiceName> live = Set.of();

    /**
     * @param rememberNanos how long past the grace a deletion is remembered: at least the longest
     *                      a connection can take to reach a backend (connect timeout × attempts)
     */
    Drains(long graceNanos, long rememberNanos, LongSupplier nanoClock) {
        this.graceNanos = graceNanos;
        this.rememberNanos = rememberNanos;
        this.nanoClock = nanoClock;
    }

    long graceNanos() {
        return graceNanos;
    }

    /**
     * Takes the Services of the new plan; returns true when a Service left it with this update
     * (its connections' drain then ends after the grace: schedule a sweep).
     */
    boolean update(Set<ServiceName> nowLive) {
        long now = nanoClock.getAsLong();
        boolean deleted = false;
        for (ServiceName s : live) {
            if (!nowLive.contains(s)) {
                goneSince.put(s, now);
                deleted = true;
            }
        }
        goneSince.keySet().removeAll(nowLive);
        goneSince.values().removeIf(since -> now - since > graceNanos + rememberNanos);
        live = Set.copyOf(nowLive);
        return deleted;
    }

    /** True when this Service is gone from the plan and its drain grace is over. */
    boolean drainOver(ServiceName service) {
        if (goneSince.isEmpty()) {
            return false;
        }
        Long since = goneSince.get(service);
        return since != null && nanoClock.getAsLong() - since >= graceNanos;
    }

    /** The Services of a plan: those it plans (even without frontends) and those its routes name. */
    static Set<ServiceName> of(io.strait.proxy.plan.DataplanePlan plan) {
        Set<ServiceName> out = new HashSet<>(plan.services().keySet());
        plan.routes().values().forEach(r -> out.add(r.service().service()));
        return out;
    }
}
