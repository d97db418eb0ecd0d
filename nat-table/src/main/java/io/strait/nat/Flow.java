package io.strait.nat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One live flow of a {@link FlowTable}: its key, the backend it is bound to, timestamps, byte
 * counters and a free attachment slot for the dataplane.
 *
 * <p>Thread-safe. The key, backend and creation time are final. {@link #touch()} and the byte
 * counters may be called from any thread at any time, also after removal (they then have no
 * effect on the table). Removal is one-way: once {@link #isRemoved()} is true it stays true, and
 * the table never hands this object out again; a later flow under the same key is a new object.
 *
 * <p>The object is also the table's node: it carries the bucket-chain link, so inserting a flow
 * allocates the flow and its 24-byte wheel timer, besides the caller's key.
 *
 * @param <B> the backend identity
 */
public final class Flow<B> {

  /** Life-cycle of a flow, as {@link #state()} reports it. */
  public enum State {
    /** Live, nothing has gone back to the client yet (conntrack's "unreplied"). */
    NEW,
    /** Live, and bytes have gone back to the client. */
    REPLIED,
    /** Removed by {@link FlowTable#remove} or {@link FlowTable#removeByBackend}. */
    REMOVED,
    /** Removed by {@link FlowTable#expire} after being idle longer than its timeout. */
    EXPIRED
  }

  static final int LIVE = 0;
  static final int REMOVED = 1;
  static final int EXPIRED = 2;

  private static final VarHandle LAST_SEEN;
  private static final VarHandle IDLE_TIMEOUT;
  private static final VarHandle BYTES_FROM_CLIENT;
  private static final VarHandle BYTES_TO_CLIENT;
  private static final VarHandle LIFECYCLE;
  static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      LAST_SEEN = lookup.findVarHandle(Flow.class, "lastSeen", long.class);
      IDLE_TIMEOUT = lookup.findVarHandle(Flow.class, "idleTimeout", long.class);
      BYTES_FROM_CLIENT = lookup.findVarHandle(Flow.class, "bytesFromClient", long.class);
      BYTES_TO_CLIENT = lookup.findVarHandle(Flow.class, "bytesToClient", long.class);
      LIFECYCLE = lookup.findVarHandle(Flow.class, "lifecycle", int.class);
      NEXT = lookup.findVarHandle(Flow.class, "next", Flow.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final FlowTable<B> table;
  private final FlowKey key;
  final int hash;
  private final B backend;
  private final long createdNanos;
  final BackendCounts.Counter counter;

  private volatile long lastSeen;
  private volatile long idleTimeout;
  private volatile long bytesFromClient;
  private volatile long bytesToClient;
  private volatile int lifecycle;
  private volatile Object attachment;

  /** Next (older) flow in the same bucket chain; only ever changed to skip a removed flow. */
  volatile Flow<B> next;

  /** This flow's place on the timer wheel; cleared when the flow is removed. */
  final TimerWheel.Timer<B> timer = new TimerWheel.Timer<>(this);

  Flow(FlowTable<B> table, FlowKey key, int hash, B backend, long now, long idleTimeout,
      BackendCounts.Counter counter) {
    this.table = table;
    this.key = key;
    this.hash = hash;
    this.backend = backend;
    this.createdNanos = now;
    this.counter = counter;
    this.lastSeen = now;
    this.idleTimeout = idleTimeout;
  }

  public FlowKey key() {
    return key;
  }

  public B backend() {
    return backend;
  }

  public long createdNanos() {
    return createdNanos;
  }

  public long lastSeenNanos() {
    return lastSeen;
  }

  /** The idle timeout in force for this flow: the table's, unless {@link #touch(long)} set one. */
  public long idleTimeoutNanos() {
    return idleTimeout;
  }

  /**
   * Records activity now. Cheap: one clock read and one release store, no allocation; the timer
   * wheel is not touched (expiry re-checks the time lazily).
   */
  public void touch() {
    LAST_SEEN.setRelease(this, table.now());
  }

  /**
   * Records activity now and sets this flow's idle timeout from here on (for example a longer one
   * once a UDP flow has been answered). Lengthening takes effect at once; shortening takes effect
   * no earlier than the check already scheduled for the previous timeout.
   *
   * @throws IllegalArgumentException if {@code idleTimeoutNanos} is not positive
   */
  public void touch(long idleTimeoutNanos) {
    if (idleTimeoutNanos <= 0) {
      throw new IllegalArgumentException(
          "idleTimeoutNanos must be positive, got " + idleTimeoutNanos);
    }
    IDLE_TIMEOUT.setRelease(this, idleTimeoutNanos);
    touch();
  }

  public void addBytesFromClient(long n) {
    BYTES_FROM_CLIENT.getAndAdd(this, n);
  }

  public void addBytesToClient(long n) {
    BYTES_TO_CLIENT.getAndAdd(this, n);
  }

  public long bytesFromClient() {
    return bytesFromClient;
  }

  public long bytesToClient() {
    return bytesToClient;
  }

  public boolean isRemoved() {
    return lifecycle != LIVE;
  }

  public State state() {
    return switch (lifecycle) {
      case REMOVED -> State.REMOVED;
      case EXPIRED -> State.EXPIRED;
      default -> bytesToClient > 0 ? State.REPLIED : State.NEW;
    };
  }

  /** The dataplane's per-flow object (for example the backend-side channel), or null. */
  public Object attachment() {
    return attachment;
  }

  public void attach(Object o) {
    attachment = o;
  }

  /** True when idle longer than its timeout at {@code now}. */
  boolean idleAt(long now) {
    return now - lastSeen > idleTimeout;
  }

  /** The instant after which this flow counts as idle. */
  long deadline() {
    return lastSeen + idleTimeout;
  }

  FlowTable<B> table() {
    return table;
  }

  /** The one-way LIVE to {@code to} transition; true for the single caller that made it. */
  boolean retire(int to) {
    return LIFECYCLE.compareAndSet(this, LIVE, to);
  }

  @Override
  public String toString() {
    return "Flow[" + key + " -> " + backend + ", " + state() + ", idle since " + lastSeen + "]";
  }
}
