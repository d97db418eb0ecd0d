package io.strait.daemon;

import java.util.concurrent.CountDownLatch;

/** Blocks the main thread until SIGTERM/SIGINT, then runs the given close action once. */
public final class Shutdown {
    private Shutdown() {}

    public static void awaitSignal(AutoCloseable resource) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("strait: error while stopping: " + e);
            } finally {
                done.countDown();
            }
        }, "strait-shutdown"));
        done.await();
    }
}
