package io.strait.allocator.k8s;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one wrapper around fabric8 shared informers (after java-operator-sdk's InformerWrapper):
 * {@link #start()} starts them all, {@link #awaitSynced} waits for every initial list with a
 * timeout, errors are logged and the informers keep retrying (the API server may be away for a
 * while), and {@link #ready()} is running && synced. Thread-safe after {@link #start()}.
 */
public final class Informers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Informers.class);

    private record Entry(String what, SharedIndexInformer<?> informer) {}

    private final List<Entry> entries = new ArrayList<>();
    private CompletableFuture<Void> synced;

    /** Adds an informer (not yet started) and its handler, under a name for messages. */
    public <T> Informers add(String what, SharedIndexInformer<T> informer, ResourceEventHandler<? super T> handler) {
        if (synced != null) {
            throw new IllegalStateException("add " + what + ": informers already started");
        }
        informer.addEventHandler(handler);
        informer.exceptionHandler((started, t) -> {
            log.warn("watching {} failed ({}); retrying", what, t.toString());
            return true; // never give up: the last good state keeps serving meanwhile
        });
        entries.add(new Entry(what, informer));
        return this;
    }

    /** Starts every informer; the returned future completes when all have listed once. */
    public synchronized CompletableFuture<Void> start() {
        if (synced == null) {
            synced = CompletableFuture.allOf(entries.stream()
                    .map(e -> e.informer().start().toCompletableFuture())
                    .toArray(CompletableFuture[]::new));
        }
        return synced;
    }

    /** Waits until every informer has listed once; false on timeout (they keep trying). */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        try {
            start().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            log.warn("not synced after {}: {} still waiting for the initial list", timeout, notSynced());
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("informers failed to start: " + e.getCause(), e.getCause());
        }
    }

    /** Every informer is running and has listed once. */
    public boolean ready() {
        return !entries.isEmpty() && entries.stream()
                .allMatch(e -> e.informer().isRunning() && e.informer().hasSynced());
    }

    /** True when every informer has listed once (stays true through later watch errors). */
    public boolean synced() {
        CompletableFuture<Void> s = synced;
        return s != null && s.isDone() && !s.isCompletedExceptionally();
    }

    private List<String> notSynced() {
        return entries.stream().filter(e -> !e.informer().hasSynced()).map(Entry::what).toList();
    }

    @Override
    public void close() {
        entries.forEach(e -> e.informer().close());
    }
}
