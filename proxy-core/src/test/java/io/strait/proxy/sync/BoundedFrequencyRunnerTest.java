package io.strait.proxy.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedFrequencyRunnerTest {
    static final long MS = 1_000_000L;
    private final FakeScheduler scheduler = new FakeScheduler();
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    private BoundedFrequencyRunner runner() {
        return new BoundedFrequencyRunner("test", () -> {
            runs.incrementAndGet();
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("boom");
            }
        }, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(2), scheduler, scheduler::nanoTime);
    }

    @Test
    void theFirstRequestRunsAtOnceAndABurstCoalescesIntoOneRunAfterMinInterval() {
        BoundedFrequencyRunner r = runner();
        r.run();
        scheduler.advanceTo(0);
        assertThat(runs).hasValue(1);
        for (int i = 1; i <= 50; i++) {
            scheduler.advanceTo(i * 10 * MS);
            r.run();
        }
        scheduler.advanceTo(999 * MS);
        assertThat(runs).as("no run before minInterval").hasValue(1);
        scheduler.advanceTo(1000 * MS);
        assertThat(runs).as("the whole burst costs one run").hasValue(2);
        scheduler.advanceTo(5000 * MS);
        assertThat(runs).hasValue(2);
    }

    @Test
    void aRequestLongAfterTheLastRunRunsAtOnce() {
        BoundedFrequencyRunner r = runner();
        r.run();
        scheduler.advanceTo(5000 * MS);
        r.run();
        scheduler.advanceTo(5000 * MS);
        assertThat(runs).hasValue(2);
    }

    @Test
    void itRunsEveryMaxIntervalWithoutRequests() {
        runner().run();
        scheduler.advanceTo(59_999 * MS);
        assertThat(runs).hasValue(1);
        scheduler.advanceTo(60_000 * MS);
        assertThat(runs).hasValue(2);
        scheduler.advanceTo(120_000 * MS);
        assertThat(runs).hasValue(3);
    }

    @Test
    void aFailedRunIsRetriedAfterRetryIntervalAndDoesNotStopTheRunner() {
        failuresLeft.set(2);
        BoundedFrequencyRunner r = runner();
        r.run();
        scheduler.advanceTo(0);
        assertThat(runs).hasValue(1);
        scheduler.advanceTo(1999 * MS);
        assertThat(runs).hasValue(1);
        scheduler.advanceTo(2000 * MS);
        assertThat(runs).as("first retry (fails again)").hasValue(2);
        scheduler.advanceTo(4000 * MS);
        assertThat(runs).as("second retry succeeds").hasValue(3);
        r.run();
        scheduler.advanceTo(5000 * MS);
        assertThat(runs).as("still serving requests").hasValue(4);
        scheduler.advanceTo(65_000 * MS);
        assertThat(runs).as("and periodic runs").hasValue(5);
    }

    @Test
    void stopCancelsWhatIsScheduled() {
        BoundedFrequencyRunner r = runner();
        r.run();
        scheduler.advanceTo(0);
        r.run();
        r.stop();
        scheduler.advanceTo(120_000 * MS);
        assertThat(runs).hasValue(1);
    }

    @Test
    void anIncompleteRunIsRetriedWithABackOffThatDoublesUpToTheMaximumAndStartsOverAfterSuccess() {
        AtomicInteger incompleteLeft = new AtomicInteger(4);
        BoundedFrequencyRunner r = new BoundedFrequencyRunner("backoff", () -> {
            runs.incrementAndGet();
            return incompleteLeft.getAndUpdate(n -> Math.max(0, n - 1)) == 0;
        }, Duration.ZERO, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(3), scheduler,
                scheduler::nanoTime);
        r.run();
        scheduler.advanceTo(0);
        assertThat(runs).hasValue(1);
        scheduler.advanceTo(999 * MS);
        assertThat(runs).hasValue(1);
        scheduler.advanceTo(1000 * MS);
        assertThat(runs).as("first retry after 1 s").hasValue(2);
        scheduler.advanceTo(2999 * MS);
        assertThat(runs).hasValue(2);
        scheduler.advanceTo(3000 * MS);
        assertThat(runs).as("second retry 2 s later").hasValue(3);
        scheduler.advanceTo(5999 * MS);
        assertThat(runs).hasValue(3);
        scheduler.advanceTo(6000 * MS);
        assertThat(runs).as("third retry capped at 3 s").hasValue(4);
        scheduler.advanceTo(9000 * MS);
        assertThat(runs).as("fourth retry succeeds").hasValue(5);
        incompleteLeft.set(1);
        r.run();
        scheduler.advanceTo(9000 * MS);
        assertThat(runs).hasValue(6);
        scheduler.advanceTo(10_000 * MS);
        assertThat(runs).as("the back-off started over: 1 s").hasValue(7);
    }
}
