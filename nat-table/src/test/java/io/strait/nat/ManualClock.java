package io.strait.nat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when told to. Thread-safe. */
final class ManualClock implements LongSupplier {

  private final AtomicLong now;

  ManualClock(long start) {
    this.now = new AtomicLong(start);
  }

  @Override
  public long getAsLong() {
    return now.get();
  }

  void advance(long nanos) {
    now.addAndGet(nanos);
  }
}
