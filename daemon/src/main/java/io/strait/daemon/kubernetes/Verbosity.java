package io.strait.daemon.kubernetes;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's {@code --v} (klog verbosity) mapped onto logback levels: 0-2 INFO (klog's usual
 * operating levels), 3-4 DEBUG for Strait, 5 and more TRACE for Strait and DEBUG for the
 * Kubernetes client and Netty.
 */
final class Verbosity {
    private Verbosity() {}

    static void apply(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("--v: must be 0 or more (got " + v + ")");
        }
        level("io.strait", v >= 5 ? Level.TRACE : v >= 3 ? Level.DEBUG : Level.INFO);
        if (v >= 5) {
            level("io.fabric8", Level.DEBUG);
            level("io.netty", Level.DEBUG);
        }
    }

    private static void level(String logger, Level level) {
        if (LoggerFactory.getLogger(logger) instanceof Logger l) {
            l.setLevel(level);
        }
    }
}
