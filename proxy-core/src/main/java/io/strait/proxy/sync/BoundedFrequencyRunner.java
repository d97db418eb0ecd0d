package io.strait.proxy.sync;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task on a single thread, coalescing requests (after kube-proxy's
 * runner/bounded_frequency_runner.go): {@link #run()} asks for a run; runs are at least
 * {@code minInterval} apart, so a burst of requests costs one or two runs; a run happens at
 * least every {@code maxInterval} anyway (periodic full resync); a run that throws is retried after
 * {@code retryInterval} and never kills the runner (crash guard). With a {@link Task}, a run may
 * also ask for a retry without throwing (some of its work failed); with a {@code maxRetryInterval}
 * the retry interval doubles on each failure up to it, and starts over after a run that succeeds.
 * The clock and executor are injected. Thread-safe.
 */
public final class BoundedFrequencyRunner {
    /** A run that says whether it did everything (false: retry after the retry interval). */
    @FunctionalInterface
    public interface Task {
        boolean run();
    }

    private static final Logger log = LoggerFactory.getLogger(BoundedFrequencyRunner.class);

    private final String name;
    private final Task task;
    private final long minNanos;
    private final long maxNanos;
    private final long retryNanos;
    private final long maxRetryNanos;
    private long nextRetryNanos;
    private final ScheduledExecutorService executor;
    private final LongSupplier nanoClock;
    private long lastRun;
    private boolean ran;
    private String lastFailure; // runner thread only
    private ScheduledFuture<?> next;
    private long nextAt;
    private boolean stopped;

    public BoundedFrequencyRunner(String name, Runnable task, Duration minInterval, Duration maxInterval,
                                  Duration retryInterval, ScheduledExecutorService executor, LongSupplier nanoClock) {
        this(name, () -> {
            task.run();
            return true;
        }, minInterval, maxInterval, retryInterval, retryInterval, executor, nanoClock);
    }

    /** A runner whose retries back off from retryInterval, doubling up to maxRetryInterval. */
    public BoundedFrequencyRunner(String name, Task task, Duration minInterval, Duration maxInterval,
                                  Duration retryInterval, Duration maxRetryInterval, ScheduledExecutorService executor,
                                  LongSupplier nanoClock) {
        this.name = name;
        this.task = task;
        this.minNanos = minInterval.toNanos();
        this.maxNanos = maxInterval.toNanos();
        this.retryNanos = retryInterval.toNanos();
        this.maxRetryNanos = Math.max(retryNanos, maxRetryInterval.toNanos());
        this.nextRetryNanos = retryNanos;
        this.executor = executor;
        this.nanoClock = nanoClock;
    }

    /** Requests a run as soon as the minimum interval allows. */
    public synchronized void run() {
        long now = nanoClock.getAsLong();
        long at = ran ? Math.max(now, lastRun + minNanos) : now;
        schedule(at, now);
    }

    /** Stops scheduling; a run in progress finishes. */
    public synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    private void schedule(long at, long now) {
        if (stopped) {
            return;
        }
        if (next != null && !next.isDone()) {
            if (nextAt <= at) {
                return; // an earlier (or equal) run is already due: coalesce
            }
            next.cancel(false);
        }
        nextAt = at;
        next = executor.schedule(this::tick, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    private void tick() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            lastRun = nanoClock.getAsLong();
            ran = true;
            next = null;
        }
        long retryAt = -1;
        long delay;
        synchronized (this) {
            delay = nextRetryNanos;
        }
        try {
            if (!task.run()) {
                log.debug("{} incomplete; retrying in {} ms", name, TimeUnit.NANOSECONDS.toMillis(delay));
                retryAt = nanoClock.getAsLong() + delay;
            }
            lastFailure = null;
        } catch (RuntimeException | Error e) {
            String failure = e.toString();
            if (failure.equals(lastFailure)) { // the same again: one line, not another stack trace
                log.warn("{} failed again: {}; retrying in {} ms", name, failure, TimeUnit.NANOSECONDS.toMillis(delay));
            } else {
                log.error("{} failed; retrying in {} ms", name, TimeUnit.NANOSECONDS.toMillis(delay), e);
            }
            lastFailure = failure;
            retryAt = nanoClock.getAsLong() + delay;
        }
        synchronized (this) {
            nextRetryNanos = retryAt < 0 ? retryNanos : Math.min(maxRetryNanos, delay * 2);
            long now = nanoClock.getAsLong();
            schedule(retryAt >= 0 ? retryAt : lastRun + maxNanos, now);
        }
    }
}
