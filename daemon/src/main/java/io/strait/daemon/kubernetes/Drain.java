package io.strait.daemon.kubernetes;

import io.strait.daemon.ProxyRuntime;
import io.strait.proxy.dataplane.PortStats;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A graceful stop: stop accepting (every listener closes, so clients of a node being drained see
 * connection refused and retry elsewhere), then let established TCP connections finish for up to
 * a grace period before the event loops stop.
 */
final class Drain {
    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    private static final long POLL_MILLIS = 50;

    private Drain() {}

    /** Returns the number of connections still open when the grace period ended (0 = all drained). */
    static long drain(ProxyRuntime runtime, Duration grace) throws InterruptedException {
        List<PortStats> ports = List.copyOf(runtime.dataplane().stats().values()); // before listeners go
        runtime.stopAccepting();
        long deadline = System.nanoTime() + grace.toNanos();
        long open = active(ports);
        if (open > 0) {
            log.info("listeners closed; waiting up to {} for {} connections to finish", grace, open);
        }
        while (open > 0 && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            open = active(ports);
        }
        if (open > 0) {
            log.info("grace period over: closing {} connections still open", open);
        }
        return open;
    }

    private static long active(List<PortStats> ports) {
        return ports.stream().mapToLong(PortStats::active).sum();
    }
}
