package io.strait.nat;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live flow count per backend.
 *
 * <p>Thread-safe and lock-free on the common path. The map is small (one entry per backend with
 * live flows), so the JDK's {@link ConcurrentHashMap} is the right tool here; it is not the flow
 * index. Each flow keeps the {@link Counter} it incremented, so releasing one is a single atomic
 * decrement with no lookup.
 *
 * <p>Counters whose count falls to zero are retired ({@code -1}, "dead") and unmapped, so
 * backends that come and go leave nothing behind. An increment that finds a dead counter helps
 * unmap it and retries with a fresh one; no increment is ever lost to a retired counter.
 */
final class BackendCounts<B> {

  /** A backend's count; {@code -1} once retired. */
  static final class Counter extends AtomicInteger {
    private static final int DEAD = -1;

    /** Increments unless retired; false when retired. */
    boolean tryIncrement() {
      int c;
      do {
        c = get();
        if (c == DEAD) {
          return false;
        }
      } while (!compareAndSet(c, c + 1));
      return true;
    }
  }

  private final ConcurrentHashMap<B, Counter> counters = new ConcurrentHashMap<>();

  /** Counts one more flow for {@code backend}; returns the counter to pass to {@link #release}. */
  Counter acquire(B backend) {
    while (true) {
      Counter c = counters.get(backend);
      if (c == null) {
        c = counters.computeIfAbsent(backend, b -> new Counter());
      }
      if (c.tryIncrement()) {
        return c;
      }
      counters.remove(backend, c); // retired under our feet: help unmap it, then retry
    }
  }

  /** Counts one flow less for {@code backend}, whose flow holds {@code c}. */
  void release(B backend, Counter c) {
    if (c.decrementAndGet() == 0 && c.compareAndSet(0, Counter.DEAD)) {
      counters.remove(backend, c);
    }
  }

  int get(B backend) {
    Counter c = counters.get(backend);
    return c == null ? 0 : Math.max(0, c.get());
  }

  /** Number of backends with a live counter (for tests: no leak after all flows left). */
  int trackedBackends() {
    return counters.size();
  }
}
