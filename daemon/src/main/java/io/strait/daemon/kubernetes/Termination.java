package io.strait.daemon.kubernetes;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or SIGINT with the JVM's default exit replaced, so the caller can stop
 * gracefully (drain connections) and return its own exit code (0) instead of the JVM's 143.
 */
final class Termination {
    private Termination() {}

    /** Blocks until SIGTERM or SIGINT; returns the signal's name. */
    static String await() throws InterruptedException {
        CountDownLatch signalled = new CountDownLatch(1);
        String[] which = new String[1];
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> {
                which[0] = s.getName();
                signalled.countDown();
            });
        }
        signalled.await();
        return "SIG" + which[0];
    }
}
