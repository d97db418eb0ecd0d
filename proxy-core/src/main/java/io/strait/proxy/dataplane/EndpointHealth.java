package io.strait.proxy.dataplane;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Passive health of endpoints, learnt from connect results (Envoy's outlier detection on
 * consecutive connect failures, reduced to its core): after {@value #THRESHOLD} consecutive failed
 * connects an endpoint is skipped for a back-off that starts at the configured base and doubles on
 * every further failure up to 12 times the base; one successful connect resets it.
 *
 * <p>Thread-safe. The per-connection path reads only ({@link #isBackedOff} is an empty-map check
 * when everything is healthy, else one ConcurrentHashMap get); failures update under the map's
 * per-bin lock, which only failing endpoints take.
 */
final class EndpointHealth {
    static final int THRESHOLD = 2;

    private final ConcurrentHashMap<InetSocketAddress, Failing> failing = new ConcurrentHashMap<>();
    private final long baseNanos;
    private final long maxNanos;
    private final LongSupplier nanoClock;

    EndpointHealth(long baseNanos, LongSupplier nanoClock) {
        this.baseNanos = baseNanos;
        this.maxNanos = baseNanos * 12;
        this.nanoClock = nanoClock;
    }

    /** True while the endpoint is in back-off and should not be picked. */
    boolean isBackedOff(InetSocketAddress endpoint) {
        if (failing.isEmpty()) {
            return false;
        }
        Failing f = failing.get(endpoint);
        return f != null && f.skipUntil - nanoClock.getAsLong() > 0;
    }

    void succeeded(InetSocketAddress endpoint) {
        if (!failing.isEmpty()) {
            failing.remove(endpoint);
        }
    }

    /** Records a failed connect; true when this failure started (or lengthened) a back-off. */
    boolean failed(InetSocketAddress endpoint) {
        Failing f = failing.compute(endpoint, (k, v) -> {
            Failing s = v == null ? new Failing() : v;
            s.consecutive++;
            s.ejectedNow = false;
            if (s.consecutive >= THRESHOLD) {
                s.backoff = s.backoff == 0 ? baseNanos : Math.min(maxNanos, s.backoff * 2);
                s.skipUntil = nanoClock.getAsLong() + s.backoff;
                s.ejectedNow = true;
            }
            return s;
        });
        return f.ejectedNow;
    }

    /** True when no endpoint is failing (the usual case: nothing to forget). */
    boolean isEmpty() {
        return failing.isEmpty();
    }

    /** Forgets endpoints that left every route (called by the control thread). */
    void retain(Set<InetSocketAddress> live) {
        failing.keySet().retainAll(live);
    }

    /** Mutated only inside compute (under the bin lock); skipUntil is read without it. */
    private static final class Failing {
        int consecutive;
        long backoff;
        boolean ejectedNow;
        volatile long skipUntil;
    }
}
