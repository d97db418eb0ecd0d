package io.strait.nat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/*
 * Design
 * ======
 * A bounded, lock-free table of live flows (the userspace counterpart of Linux conntrack), with
 * lazy idle expiry on a timing wheel and live per-backend counts.
 *
 * Index: chained hashing with a fixed bucket array and lock-free chains (Buckets). Because the
 * table is bounded (maxEntries, like nf_conntrack_max), the bucket array is sized once, from
 * maxEntries, at load factor <= 0.75 (like nf_conntrack_buckets), and never resized; that
 * removes the hard part of every lock-free hash table (Click's cooperative copy in
 * NonBlockingHashMap, the resize of Michael's and Shalev-Shavit's split-ordered lists). We chose
 * chains over Click-style CAS open addressing deliberately: in open addressing a deleted slot can
 * only be reused lock-free by a resize (Click: "keys are never removed, only tombstoned") or by
 * the Purcell-Harris probe-bound state machine (2005), and flows churn keys (ephemeral ports)
 * all day. With chains, a removed flow's node is simply unlinked. The chain algorithm is Michael's
 * lock-free list-based hash table ("High performance dynamic lock-free hash tables and list-based
 * sets", SPAA 2002, after Harris 2001) simplified by one restriction: flows are linked in at the
 * head only, by one CAS of the bucket head. Insert-if-absent is then "scan, CAS the head you
 * scanned from", and no insert can ever land behind a removed node, so Harris's marked pointers
 * are not needed (the remaining race only leaves garbage, cleaned by the unlinkers; see Buckets).
 * Removal is logical (a one-way CAS on the flow's life-cycle) then physical. Readers take no lock
 * and write nothing. The flow object is the chain node, so an insert allocates one object.
 *
 * Bound: an AtomicInteger of reserved entries, CAS-incremented below maxEntries before linking
 * (insert-if-absent first looks for an existing flow, so a full table still finds existing flows).
 * Refusals are counted, never an OutOfMemoryError: the only per-entry memory is the flow itself.
 *
 * Expiry: a hashed timing wheel (Varghese and Lauck, "Hashing and hierarchical timing wheels",
 * SOSP 1987, scheme 6; Caffeine's TimerWheel and Netty's HashedWheelTimer are its descendants),
 * one rotation covering the table's idle timeout in 256 buckets of 4 lock-free stacks each.
 * Touch only stores a timestamp; the wheel re-checks when a bucket comes due and reschedules
 * flows touched since (lazy, like conntrack's timeouts). The wheel holds a small timer per flow,
 * cleared on removal, so a removed flow is garbage at once even though its timer waits on the
 * wheel. expire() costs the buckets passed plus the timers in them, each of which has reached at
 * least its originally scheduled deadline; removed flows' timers are dropped as their bucket
 * passes, or by a purge (when they outnumber live flows) whose cost is amortised over the
 * removals that triggered it. expire() runs on one thread at a time (a concurrent call returns 0).
 *
 * Per-backend counts: BackendCounts, one atomic counter per backend, held by each flow.
 *
 * Thread-safety: every public method may be called from any thread. The flow index and the wheel
 * take no lock: get and activeFlows never write and never retry; insert and remove are lock-free
 * (a thread retries only because another one's CAS succeeded). The one lock underneath is
 * ConcurrentHashMap's per-bin lock in BackendCounts, taken only when a backend goes from zero
 * live flows to one or back.
 */

/**
 * A bounded, lock-free table of live flows with idle expiry and per-backend counts.
 *
 * <p>Thread-safe and non-blocking: see the design comment at the top of this file. Iteration
 * ({@link #forEach}, {@link #removeByBackend}) is weakly consistent, like the JDK's concurrent
 * collections: it sees every flow live throughout, and maybe some inserted or removed meanwhile.
 *
 * @param <B> the backend identity, any value-equal type (the dataplane uses InetSocketAddress)
 */
public final class FlowTable<B> implements BackendLoad<B> {

  /** Largest {@code maxEntries} accepted: the bucket array is preallocated. */
  public static final int MAX_ENTRIES_LIMIT = 1 << 29;

  /** Counters for metrics; each read on its own, so not one atomic snapshot. */
  public record Stats(int size, int maxEntries, long inserted, long removed, long expired,
      long refusedFull) {}

  private final int maxEntries;
  private final long idleTimeoutNanos;
  private final LongSupplier nanoClock;
  private final Buckets<B> buckets;
  private final TimerWheel<B> wheel;
  private final BackendCounts<B> backends = new BackendCounts<>();
  private final AtomicInteger size = new AtomicInteger();
  private final LongAdder refusedFull = new LongAdder();
  private final LongAdder inserted = new LongAdder();
  private final LongAdder removed = new LongAdder();
  private final LongAdder expired = new LongAdder();
  /**
   * Removed (not expired) flows dropped from the wheel so far; removed minus this is what still
   * sits there. Written under the housekeeping flag only.
   */
  private volatile long droppedFromWheel;
  private final AtomicBoolean housekeeping = new AtomicBoolean();

  /**
   * @param maxEntries the most flows held at once, 1 to {@link #MAX_ENTRIES_LIMIT}
   * @param idleTimeoutNanos default idle timeout of a flow, positive, at most 2^62 ns
   * @param nanoClock a monotonic clock in nanoseconds, usually {@code System::nanoTime}
   */
  public FlowTable(int maxEntries, long idleTimeoutNanos, LongSupplier nanoClock) {
    this(maxEntries, idleTimeoutNanos, nanoClock, bucketsFor(maxEntries));
  }

  /** With an explicit bucket count (a power of two): tests use few buckets to force collisions. */
  FlowTable(int maxEntries, long idleTimeoutNanos, LongSupplier nanoClock, int bucketCount) {
    if (maxEntries < 1 || maxEntries > MAX_ENTRIES_LIMIT) {
      throw new IllegalArgumentException(
          "maxEntries must be in [1, " + MAX_ENTRIES_LIMIT + "], got " + maxEntries);
    }
    if (idleTimeoutNanos <= 0 || idleTimeoutNanos > 1L << 62) {
      throw new IllegalArgumentException(
          "idleTimeoutNanos must be in [1, 2^62], got " + idleTimeoutNanos);
    }
    this.maxEntries = maxEntries;
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.buckets = new Buckets<>(bucketCount);
    this.wheel = new TimerWheel<>(idleTimeoutNanos, nanoClock.getAsLong());
  }

  /**
   * Returns the live flow for {@code key} if there is one (whatever its backend), else a new
   * flow bound to {@code backend}; null when the key is absent and the table is full (counted in
   * {@link #refusedFull()}). "Full" is judged by the bound counter, which an insert raises before
   * linking its flow and a remove lowers after unlinking it: while another thread inserts or
   * removes this same key at the bound, a refusal can be reported that no sequential order would
   * give (Lincheck finds it; the dataplane inserts a key from one thread, so it is not reached there).
   */
  public Flow<B> insertIfAbsent(FlowKey key, B backend) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(backend, "backend");
    int hash = key.hashCode();
    int index = buckets.index(hash);
    Flow<B> created = null;
    while (true) {
      Flow<B> head = buckets.head(index);
      Flow<B> existing = Buckets.find(head, hash, key);
      if (existing != null) {
        if (created != null) {
          release(created); // never published: just give back its reservation and count
        }
        return existing;
      }
      if (created == null) {
        if (!reserve()) {
          refusedFull.increment();
          return null;
        }
        created = new Flow<>(this, key, hash, backend, now(), idleTimeoutNanos,
            backends.acquire(backend));
      }
      if (buckets.pushIfHead(index, head, created)) {
        inserted.increment();
        wheel.schedule(created);
        return created;
      }
    }
  }

  /** The live flow for {@code key}, or null. Lock-free, allocation-free. */
  public Flow<B> get(FlowKey key) {
    int hash = key.hashCode();
    return Buckets.find(buckets.head(buckets.index(hash)), hash, key);
  }

  /**
   * Removes this exact flow (not a newer one under the same key).
   *
   * @return true if this call removed it, false if it was already removed or expired
   * @throws IllegalArgumentException if the flow belongs to another table
   */
  public boolean remove(Flow<B> flow) {
    if (flow.table() != this) {
      throw new IllegalArgumentException("flow " + flow.key() + " belongs to another table");
    }
    if (!flow.retire(Flow.REMOVED)) {
      return false;
    }
    flow.timer.clear();
    removed.increment();
    release(flow);
    buckets.unlinkRemoved(buckets.index(flow.hash));
    return true;
  }

  /** Number of live flows (exact when no insert or remove is in progress). */
  public int size() {
    return size.get();
  }

  public int maxEntries() {
    return maxEntries;
  }

  /** Inserts refused because the table was full, since creation. */
  public long refusedFull() {
    return refusedFull.sum();
  }

  public Stats stats() {
    return new Stats(size.get(), maxEntries, inserted.sum(), removed.sum(), expired.sum(),
        refusedFull.sum());
  }

  /**
   * The wheel tick, a power of two of nanoseconds between 1/256 and 1/128 of the idle timeout.
   * A flow is expired by the first {@link #expire} call at least one tick after its deadline
   * (last seen + timeout), never before its deadline: call expire about once a tick.
   */
  public long expiryResolutionNanos() {
    return wheel.tickNanos();
  }

  /**
   * Removes flows idle longer than their timeout and calls {@code onExpired} for each, after all
   * of them are removed, on the calling thread. Cost: the wheel buckets passed since the last
   * call plus the flows scheduled in them, not the table size (plus, amortised, a purge of
   * removed flows from the wheel, O(1) per removal). One caller at a time: a concurrent call
   * returns 0 at once. If {@code onExpired} throws, the remaining flows are still delivered and
   * the first exception is rethrown at the end.
   *
   * @return the number of flows expired
   */
  public int expire(Consumer<Flow<B>> onExpired) {
    if (!housekeeping.compareAndSet(false, true)) {
      return 0;
    }
    List<Flow<B>> due = new ArrayList<>();
    long[] raced = {0};
    try {
      long dropped = wheel.advance(now(), flow -> {
        if (flow.retire(Flow.EXPIRED)) {
          release(flow);
          buckets.unlinkRemoved(buckets.index(flow.hash));
          due.add(flow);
        } else {
          raced[0]++; // removed meanwhile: it was counted as wheel garbage
        }
      });
      droppedFromWheel += dropped + raced[0];
      if (wheelGarbage() > Math.max(1024, size.get())) { // garbage <= live: <= 2 visits per removal
        droppedFromWheel += wheel.purge();
      }
    } finally {
      housekeeping.set(false);
    }
    expired.add(due.size());
    deliver(due, onExpired);
    return due.size();
  }

  /** Calls {@code action} for every live flow (weakly consistent; cost: the whole table). */
  public void forEach(Consumer<Flow<B>> action) {
    buckets.forEachLinked(flow -> {
      if (!flow.isRemoved()) {
        action.accept(flow);
      }
    });
  }

  /**
   * Removes every live flow whose backend matches and returns those this call removed (for an
   * endpoint that went away). Cost: the whole table; meant for control-plane events.
   */
  public List<Flow<B>> removeByBackend(Predicate<B> match) {
    List<Flow<B>> out = new ArrayList<>();
    buckets.forEachLinked(flow -> {
      if (!flow.isRemoved() && match.test(flow.backend()) && flow.retire(Flow.REMOVED)) {
        flow.timer.clear();
        removed.increment();
        release(flow);
        out.add(flow);
      }
    });
    for (Flow<B> flow : out) {
      buckets.unlinkRemoved(buckets.index(flow.hash));
    }
    return out;
  }

  /**
   * Live flows bound to {@code backend}; O(1), lock-free. Exact when no insert or remove is in
   * flight; meanwhile it may count a flow that {@link #get} does not see yet (or any more).
   */
  @Override
  public int activeFlows(B backend) {
    return backends.get(backend);
  }

  /** The smallest power of two giving a load factor of at most 0.75 when full. */
  private static int bucketsFor(int maxEntries) {
    long wanted = Math.max(2, (Math.max(1, maxEntries) * 4L + 2) / 3);
    return (int) Long.highestOneBit(wanted * 2 - 1);
  }

  long now() {
    return nanoClock.getAsLong();
  }

  private boolean reserve() {
    int s;
    do {
      s = size.get();
      if (s >= maxEntries) {
        return false;
      }
    } while (!size.compareAndSet(s, s + 1));
    return true;
  }

  /** Gives back the size reservation and backend count of a retired or unpublished flow. */
  private void release(Flow<B> flow) {
    size.decrementAndGet();
    backends.release(flow.backend(), flow.counter);
  }

  private static <B> void deliver(List<Flow<B>> flows, Consumer<Flow<B>> onExpired) {
    RuntimeException first = null;
    for (Flow<B> flow : flows) {
      try {
        onExpired.accept(flow);
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  // Package-private views for tests: meaningful only while no other thread uses the table.

  Buckets<B> buckets() {
    return buckets;
  }

  TimerWheel<B> wheel() {
    return wheel;
  }

  BackendCounts<B> backendCounts() {
    return backends;
  }

  long wheelGarbage() {
    return removed.sum() - droppedFromWheel;
  }
}
