package io.strait.proxy.dataplane;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a problem that repeats (the same key) at most once per interval: the first occurrence at
 * once, later ones counted and reported on one line when the interval has passed ("... (and 4,466
 * more in the last 10 s)"); {@link #flush} reports counts left over when the problem stopped. Never
 * with a stack trace: these are expected I/O conditions (descriptor exhaustion, refused connects),
 * whose message says all. At most {@value #MAX_KEYS} keys are tracked; beyond that, problems share
 * one overflow key. Thread-safe (event loops log, the housekeeping task flushes).
 */
final class RateLimitedLog {
    static final int MAX_KEYS = 256;
    private static final String OVERFLOW = "(other problems)";

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log, long intervalNanos, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    /** One occurrence of the problem named by key; message is what the log line says. */
    void warn(String key, String message) {
        long now = nanoClock.getAsLong();
        if (windows.size() >= MAX_KEYS && !windows.containsKey(key)) {
            key = OVERFLOW;
        }
        Window fresh = new Window(now, message);
        Window w = windows.putIfAbsent(key, fresh);
        if (w == null) {
            log.warn(message);
            return;
        }
        w.last = message;
        w.repeats.incrementAndGet();
        report(w, now);
    }

    /** Reports the repeats of every problem whose interval has passed; forgets quiet ones. */
    void flush() {
        if (windows.isEmpty()) {
            return;
        }
        long now = nanoClock.getAsLong();
        windows.values().removeIf(w -> {
            report(w, now);
            return w.repeats.get() == 0 && now - w.startedAt >= 2 * intervalNanos;
        });
    }

    private void report(Window w, long now) {
        long started = w.startedAt;
        if (now - started < intervalNanos || w.repeats.get() == 0) {
            return;
        }
        synchronized (w) {
            if (w.startedAt != started) {
                return; // another thread reported this interval
            }
            long n = w.repeats.getAndSet(0);
            w.startedAt = now;
            if (n > 0) {
                log.warn("{} (and {} more in the last {} s)", w.last, n, Math.max(1, (now - started) / 1_000_000_000L));
            }
        }
    }

    private static final class Window {
        volatile long startedAt;
        volatile String last;
        final AtomicLong repeats = new AtomicLong();

        Window(long startedAt, String message) {
            this.startedAt = startedAt;
            this.last = message;
        }
    }
}
