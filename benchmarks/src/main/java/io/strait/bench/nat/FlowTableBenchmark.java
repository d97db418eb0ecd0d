package io.strait.bench.nat;

import io.strait.nat.FlowKey;
import io.strait.nat.Protocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Flow-table operations: lookup of present keys, insert+remove of fresh keys, and a mix of 80 %
 * lookups, 10 % inserts and 10 % removes at a steady size. Run with {@code -t 1} and {@code -t 2}.
 *
 * <p>Lookups pick keys in a precomputed random order (no RNG in the measured loop). Each thread
 * churns its own keys, so inserts never collide with another thread's; lookups are shared.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FlowTableBenchmark {

  private static final int ORDER = 1 << 16;
  private static final int CHURN = 1 << 12; // churn keys per thread
  private static final int MAX_THREADS = 8;
  private static final int HOUSEKEEP_EVERY = 1024;
  private static final InetSocketAddress FRONTEND = address(0x0A60000A, 80);

  @State(Scope.Benchmark)
  public static class Table {
    @Param({"FlowTable", "ConcurrentHashMap", "NonBlockingHashMap"})
    String impl;

    @Param({"10000", "1000000"})
    int size;

    FlowIndex index;
    FlowKey[] present;
    InetSocketAddress[] backends;
    final AtomicInteger threads = new AtomicInteger();

    @Setup(Level.Trial)
    public void fill() {
      index = FlowIndex.create(impl, size + CHURN * MAX_THREADS);
      backends = new InetSocketAddress[16];
      for (int b = 0; b < backends.length; b++) {
        backends[b] = address(0x0AF40100 + b, 8080);
      }
      present = new FlowKey[size];
      for (int i = 0; i < size; i++) {
        present[i] = key(i);
        index.insert(present[i], backends[i & 15]);
      }
    }
  }

  @State(Scope.Thread)
  public static class Worker {
    int[] order;
    FlowKey[] churn;
    Object[] handles;
    int next;
    int inserted;
    int removed;
    int ops;

    @Setup(Level.Trial)
    public void prepare(Table table) {
      int id = table.threads.getAndIncrement();
      if (id >= MAX_THREADS) {
        throw new IllegalStateException("at most " + MAX_THREADS + " threads, got thread " + id);
      }
      SplittableRandom random = new SplittableRandom(id);
      order = new int[ORDER];
      for (int i = 0; i < ORDER; i++) {
        order[i] = random.nextInt(table.size);
      }
      churn = new FlowKey[CHURN];
      handles = new Object[CHURN];
      for (int i = 0; i < CHURN; i++) {
        churn[i] = key(table.size + id * CHURN + i);
      }
      // The mixed benchmark keeps CHURN / 2 of this thread's keys present.
      for (; inserted < CHURN / 2; inserted++) {
        handles[inserted] = table.index.insert(churn[inserted], table.backends[inserted & 15]);
      }
    }

    FlowKey nextLookup(Table table) {
      return table.present[order[next++ & (ORDER - 1)]];
    }

    void housekeep(Table table) {
      if ((++ops & (HOUSEKEEP_EVERY - 1)) == 0) {
        table.index.housekeep();
      }
    }
  }

  @Benchmark
  public Object lookupHit(Table table, Worker worker) {
    return table.index.get(worker.nextLookup(table));
  }

  @Benchmark
  public Object insertRemove(Table table, Worker worker) {
    // Keys CHURN/2 .. CHURN-1 of this thread are never left present, so each insert is fresh.
    int slot = CHURN / 2 + (worker.next++ & (CHURN / 2 - 1));
    FlowKey key = worker.churn[slot];
    Object handle = table.index.insert(key, table.backends[slot & 15]);
    table.index.remove(key, handle);
    worker.housekeep(table);
    return handle;
  }

  @Benchmark
  public Object mixed(Table table, Worker worker) {
    int step = worker.ops % 10;
    worker.housekeep(table);
    if (step == 0) {
      int slot = worker.inserted++ & (CHURN - 1);
      return worker.handles[slot] = table.index.insert(worker.churn[slot], table.backends[slot & 15]);
    }
    if (step == 5) {
      int slot = worker.removed++ & (CHURN - 1);
      table.index.remove(worker.churn[slot], worker.handles[slot]);
      return worker.handles[slot];
    }
    return table.index.get(worker.nextLookup(table));
  }

  static FlowKey key(int i) {
    // 10.0.0.0/8 clients, one port each: i up to 2^24 stays distinct.
    return new FlowKey(Protocol.TCP, address(0x0A000000 | (i & 0xFFFFFF), 40000 + (i >>> 24)), FRONTEND);
  }

  static InetSocketAddress address(int ipv4, int port) {
    byte[] ip = {(byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8), (byte) ipv4};
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
