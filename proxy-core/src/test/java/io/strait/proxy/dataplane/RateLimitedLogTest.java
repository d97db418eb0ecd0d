package io.strait.proxy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 13, finding 8: repeated identical I/O failures (89,597 lines, 4,467 stack traces when
 * descriptors ran out) become one line per interval with a count, without stack traces.
 */
class RateLimitedLogTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private RateLimitedLog log;

    @BeforeEach
    void setUp() {
        Logger logger = (Logger) LoggerFactory.getLogger("test.RateLimitedLog." + System.nanoTime());
        lines.start();
        logger.addAppender(lines);
        log = new RateLimitedLog(logger, TimeUnit.SECONDS.toNanos(10), now::get);
    }

    @Test
    void aRepeatedProblemIsOneLinePerIntervalWithItsCount() {
        for (int i = 0; i < 1000; i++) {
            log.warn("accept fd", "accept failed: Too many open files");
        }
        assertThat(lines.list).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).isEqualTo("accept failed: Too many open files");
            assertThat(e.getThrowableProxy()).isNull();
        });
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        log.warn("accept fd", "accept failed: Too many open files");
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage())
                .isEqualTo("accept failed: Too many open files (and 1000 more in the last 10 s)");
        assertThat(lines.list.get(1).getThrowableProxy()).isNull();
    }

    @Test
    void differentProblemsAreLoggedEachAndLeftOverCountsAreFlushed() {
        log.warn("a", "problem a");
        log.warn("b", "problem b");
        log.warn("a", "problem a");
        log.flush();
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("problem a", "problem b");
        now.addAndGet(TimeUnit.SECONDS.toNanos(11));
        log.flush();
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("problem a", "problem b", "problem a (and 1 more in the last 11 s)");
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        log.flush();                       // both quiet for two intervals: forgotten
        log.warn("a", "problem a");        // so the next occurrence is logged at once again
        assertThat(lines.list).hasSize(4);
    }

    @Test
    void keysAreBounded() {
        for (int i = 0; i < RateLimitedLog.MAX_KEYS * 4; i++) {
            log.warn("key " + i, "problem " + i);
        }
        assertThat(lines.list).hasSize(RateLimitedLog.MAX_KEYS + 1);
    }
}
