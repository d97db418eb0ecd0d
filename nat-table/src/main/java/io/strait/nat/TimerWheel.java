package io.strait.nat;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * A hashed timing wheel of flows, checked lazily (Varghese and Lauck 1987, scheme 6: one wheel,
 * unsorted lists per bucket).
 *
 * <p>Each bucket covers one tick (a power of two of nanoseconds) and holds lock-free stacks
 * ({@link #LANES} of them) of flows whose deadline falls in a tick mapping to it. Any thread may
 * {@link #schedule} (a CAS push); one thread at a time may {@link #advance} or {@link #purge} (the owning
 * {@link FlowTable} guarantees it). Advancing detaches each passed bucket whole and looks at
 * each flow once: a removed flow is dropped, an idle one is handed over to expire, and one
 * touched since it was scheduled (or due in a later rotation) is pushed again, at its new
 * deadline. So {@link Flow#touch()} never touches the wheel, as in Linux conntrack's lazy
 * timeouts and Caffeine's {@code TimerWheel} rescheduling.
 *
 * <p>A flow is in at most one bucket, once: the link field {@link Flow#wheelNext} belongs to
 * whoever holds the bucket's list.
 */
final class TimerWheel<B> {

  /** Buckets per rotation; the tick is chosen so that one rotation covers the idle timeout. */
  static final int BUCKETS = 256;

  /**
   * Stacks per bucket, picked by the flow's hash: every insert within one tick lands in the same
   * bucket, so lanes spread the CAS traffic of concurrent inserters over several cache lines.
   */
  static final int LANES = 4;

  private static final int LANE_SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(LANES);

  private final AtomicReferenceArray<Flow<B>> stacks = new AtomicReferenceArray<>(BUCKETS * LANES);
  private final int shift;

  /** First tick not yet swept; written by the advancing thread only. */
  private volatile long nextTick;

  TimerWheel(long idleTimeoutNanos, long now) {
    long perBucket = Math.max(1, (idleTimeoutNanos + BUCKETS - 1) / BUCKETS);
    this.shift = 64 - Long.numberOfLeadingZeros(perBucket - 1); // tick = 2^shift >= perBucket
    this.nextTick = now >> shift;
  }

  long tickNanos() {
    return 1L << shift;
  }

  /** Schedules a flow at its current deadline; any thread. */
  void schedule(Flow<B> flow) {
    push(stack(Math.max(flow.deadline() >> shift, nextTick), flow), flow);
  }

  private static int stack(long tick, Flow<?> flow) {
    return ((int) tick & (BUCKETS - 1)) * LANES + (flow.hash >>> LANE_SHIFT);
  }

  private void push(int stack, Flow<B> flow) {
    Flow<B> head;
    do {
      head = stacks.get(stack);
      flow.wheelNext = head;
    } while (!stacks.compareAndSet(stack, head, flow));
  }

  /**
   * Sweeps the buckets of every whole tick passed since the last call (at most one rotation)
   * and hands each idle live flow to {@code due}, which takes it out of the wheel for good.
   *
   * @return the number of removed flows dropped from the wheel
   */
  long advance(long now, Consumer<Flow<B>> due) {
    long nowTick = now >> shift;
    long from = Math.max(nextTick, nowTick - BUCKETS);
    long dropped = 0;
    for (long t = from; t < nowTick; t++) {
      int first = ((int) t & (BUCKETS - 1)) * LANES;
      for (int lane = first; lane < first + LANES; lane++) {
        Flow<B> f = stacks.getAndSet(lane, null);
        while (f != null) {
          Flow<B> following = f.wheelNext;
          f.wheelNext = null;
          if (f.isRemoved()) {
            dropped++;
          } else if (f.idleAt(now)) {
            due.accept(f);
          } else { // touched since, or due in a later rotation
            push(stack(Math.max(f.deadline() >> shift, nowTick), f), f);
          }
          f = following;
        }
      }
    }
    if (nowTick > nextTick) {
      nextTick = nowTick;
    }
    return dropped;
  }

  /** Drops every removed flow from every bucket; returns how many. Cost: all scheduled flows. */
  long purge() {
    long dropped = 0;
    for (int i = 0; i < BUCKETS * LANES; i++) {
      Flow<B> f = stacks.getAndSet(i, null);
      while (f != null) {
        Flow<B> following = f.wheelNext;
        f.wheelNext = null;
        if (f.isRemoved()) {
          dropped++;
        } else {
          push(i, f);
        }
        f = following;
      }
    }
    return dropped;
  }

  /** Visits every scheduled flow; only meaningful while nothing else runs (tests, inspection). */
  void forEachScheduled(Consumer<Flow<B>> action) {
    for (int i = 0; i < BUCKETS * LANES; i++) {
      for (Flow<B> f = stacks.get(i); f != null; f = f.wheelNext) {
        action.accept(f);
      }
    }
  }
}
