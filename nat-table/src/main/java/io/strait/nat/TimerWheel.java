package io.strait.nat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * A hashed timing wheel of flows, checked lazily (Varghese and Lauck 1987, scheme 6: one wheel,
 * unsorted lists per bucket).
 *
 * <p>Each bucket covers one tick (a power of two of nanoseconds) and holds lock-free stacks
 * ({@link #LANES} of them) of the timers of flows whose deadline falls in a tick mapping to it.
 * Any thread may {@link #schedule} (a CAS push); one thread at a time may {@link #advance} or
 * {@link #purge} (the owning {@link FlowTable} guarantees it). Advancing detaches each passed
 * stack whole and looks at each timer once: a removed flow's timer is dropped, an idle flow is
 * handed over to expire, and a flow touched since it was scheduled (or due in a later rotation)
 * is pushed again at its new deadline. So {@link Flow#touch()} never touches the wheel, as in
 * Linux conntrack's lazy timeouts and Caffeine's {@code TimerWheel} rescheduling.
 *
 * <p>The wheel holds small {@link Timer} nodes, not the flows: removing a flow clears its timer
 * (a store, no search), so a removed flow, its key and its attachment can be collected at once;
 * only the 24-byte timer waits for its bucket to pass or for a purge. Each flow has exactly one
 * timer, in at most one stack; its link belongs to whoever holds that stack's list.
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

  /** A flow's place on the wheel; {@code flow} is cleared when the flow is removed. */
  static final class Timer<B> {
    private static final VarHandle FLOW;

    static {
      try {
        FLOW = MethodHandles.lookup().findVarHandle(Timer.class, "flow", Flow.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private Flow<B> flow;
    private Timer<B> next;

    Timer(Flow<B> flow) {
      this.flow = flow;
    }

    /** Lets the flow go; the sweeper sees either the flow (then removed) or null. */
    void clear() {
      FLOW.setRelease(this, null);
    }

    Flow<B> flow() {
      return flow;
    }
  }

  private final AtomicReferenceArray<Timer<B>> stacks = new AtomicReferenceArray<>(BUCKETS * LANES);
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

  /** Schedules a flow's timer at the flow's current deadline; any thread, once per flow. */
  void schedule(Flow<B> flow) {
    push(stack(Math.max(flow.deadline() >> shift, nextTick), flow), flow.timer);
  }

  private static int stack(long tick, Flow<?> flow) {
    return ((int) tick & (BUCKETS - 1)) * LANES + (flow.hash >>> LANE_SHIFT);
  }

  private void push(int stack, Timer<B> timer) {
    Timer<B> head;
    do {
      head = stacks.get(stack);
      timer.next = head;
    } while (!stacks.compareAndSet(stack, head, timer));
  }

  /**
   * Sweeps the buckets of every whole tick passed since the last call (at most one rotation)
   * and hands each idle live flow to {@code due}, which takes it off the wheel for good.
   *
   * @return the number of removed flows' timers dropped from the wheel
   */
  long advance(long now, Consumer<Flow<B>> due) {
    long nowTick = now >> shift;
    long from = Math.max(nextTick, nowTick - BUCKETS);
    long dropped = 0;
    for (long t = from; t < nowTick; t++) {
      int first = ((int) t & (BUCKETS - 1)) * LANES;
      for (int stack = first; stack < first + LANES; stack++) {
        Timer<B> timer = stacks.getAndSet(stack, null);
        while (timer != null) {
          Timer<B> following = timer.next;
          timer.next = null;
          Flow<B> f = timer.flow;
          if (f == null || f.isRemoved()) {
            dropped++;
          } else if (f.idleAt(now)) {
            due.accept(f);
          } else { // touched since, or due in a later rotation
            push(stack(Math.max(f.deadline() >> shift, nowTick), f), timer);
          }
          timer = following;
        }
      }
    }
    if (nowTick > nextTick) {
      nextTick = nowTick;
    }
    return dropped;
  }

  /**
   * Drops every removed flow's timer; returns how many. Cost: all timers (never the flows), and
   * one CAS per non-empty stack: the survivors are relinked privately, then spliced back whole.
   */
  long purge() {
    long dropped = 0;
    for (int stack = 0; stack < BUCKETS * LANES; stack++) {
      Timer<B> first = null;
      Timer<B> last = null;
      Timer<B> timer = stacks.getAndSet(stack, null);
      while (timer != null) {
        Timer<B> following = timer.next;
        Flow<B> f = timer.flow;
        if (f == null || f.isRemoved()) {
          timer.next = null;
          dropped++;
        } else {
          if (last == null) {
            first = timer;
          } else {
            last.next = timer;
          }
          last = timer;
        }
        timer = following;
      }
      if (first != null) {
        Timer<B> head;
        do {
          head = stacks.get(stack);
          last.next = head;
        } while (!stacks.compareAndSet(stack, head, first));
      }
    }
    return dropped;
  }

  /**
   * Visits every timer on the wheel with its flow, or null for a removed flow's cleared timer.
   * Only meaningful while nothing else runs (tests, inspection).
   */
  void forEachScheduled(Consumer<Flow<B>> action) {
    for (int stack = 0; stack < BUCKETS * LANES; stack++) {
      for (Timer<B> t = stacks.get(stack); t != null; t = t.next) {
        action.accept(t.flow);
      }
    }
  }
}
