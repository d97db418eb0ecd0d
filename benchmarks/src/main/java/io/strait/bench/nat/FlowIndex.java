package io.strait.bench.nat;

import io.strait.nat.Flow;
import io.strait.nat.FlowKey;
import io.strait.nat.FlowTable;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jctools.maps.NonBlockingHashMap;

/**
 * The three tables under test behind one small interface; a JMH fork uses exactly one
 * implementation, so the calls stay monomorphic.
 *
 * <p>The map baselines store a per-flow value object (backend, timestamps, counters), what a
 * flow table built on them would hold at least; they do no expiry and no per-backend counting,
 * which {@link FlowTable} does on every insert and remove.
 */
interface FlowIndex {

  /** Inserts if absent; returns the handle to remove it by, or null when refused. */
  Object insert(FlowKey key, InetSocketAddress backend);

  Object get(FlowKey key);

  void remove(FlowKey key, Object handle);

  /** Periodic housekeeping, as the dataplane would run it (FlowTable: expire). */
  void housekeep();

  static FlowIndex create(String impl, int expectedSize) {
    return switch (impl) {
      case "FlowTable" -> new OfFlowTable(expectedSize);
      case "ConcurrentHashMap" -> new OfMap(new ConcurrentHashMap<>(expectedSize));
      case "NonBlockingHashMap" -> new OfMap(new NonBlockingHashMap<>(expectedSize));
      default -> throw new IllegalArgumentException("unknown implementation " + impl);
    };
  }

  /** What a map-based flow table would store per flow at the least. */
  final class Value {
    final InetSocketAddress backend;
    final long created;
    volatile long lastSeen;
    volatile long bytesFromClient;
    volatile long bytesToClient;

    Value(InetSocketAddress backend, long now) {
      this.backend = backend;
      this.created = now;
      this.lastSeen = now;
    }
  }

  final class OfFlowTable implements FlowIndex {
    private static final long ONE_HOUR = 3_600_000_000_000L;
    private final FlowTable<InetSocketAddress> table;

    OfFlowTable(int expectedSize) {
      this.table = new FlowTable<>(expectedSize, ONE_HOUR, System::nanoTime);
    }

    @Override
    public Object insert(FlowKey key, InetSocketAddress backend) {
      return table.insertIfAbsent(key, backend);
    }

    @Override
    public Object get(FlowKey key) {
      return table.get(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void remove(FlowKey key, Object handle) {
      table.remove((Flow<InetSocketAddress>) handle);
    }

    @Override
    public void housekeep() {
      table.expire(flow -> {});
    }
  }

  final class OfMap implements FlowIndex {
    private final ConcurrentMap<FlowKey, Value> map;

    OfMap(ConcurrentMap<FlowKey, Value> map) {
      this.map = map;
    }

    @Override
    public Object insert(FlowKey key, InetSocketAddress backend) {
      Value fresh = new Value(backend, System.nanoTime());
      Value old = map.putIfAbsent(key, fresh);
      return old != null ? old : fresh;
    }

    @Override
    public Object get(FlowKey key) {
      return map.get(key);
    }

    @Override
    public void remove(FlowKey key, Object handle) {
      map.remove(key, handle);
    }

    @Override
    public void housekeep() {}
  }
}
