package io.strait.daemon.kubernetes;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT with the JVM's default exit replaced, so the command can stop gracefully
 * (drain connections) and return its own exit code (0) instead of the JVM's 143. Thread-safe.
 */
final class Termination {
    private final CountDownLatch signalled = new CountDownLatch(1);
    private volatile String signal;

    private Termination() {}

    /** Installs the handlers; from now on SIGTERM/SIGINT only wake {@link #await}. */
    static Termination install() {
        Termination t = new Termination();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> {
                t.signal = "SIG" + s.getName();
                t.signalled.countDown();
            });
        }
        return t;
    }

    /** Waits up to timeout for a signal; true when one arrived. */
    boolean await(Duration timeout) throws InterruptedException {
        return signalled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The signal received, e.g. SIGTERM, or null. */
    String signal() {
        return signal;
    }
}
