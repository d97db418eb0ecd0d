package io.strait.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several threads run random operations on a small key space (so they collide all the time),
 * then, with every thread stopped, the table is checked against what the threads observed.
 * Nothing here is timed: a slow machine only makes the run longer.
 */
class FlowTableStressTest {

  private static final int KEYS = 64;
  private static final int MAX = 40; // below the key space: the bound is exercised too
  private static final String[] BACKENDS = {"b0", "b1", "b2", "b3"};
  private static final int WORKERS = 3;
  private static final int ROUNDS = 6;
  private static final int OPS = 30_000;

  private final ManualClock clock = new ManualClock(0);
  private FlowTable<String> table;
  private final AtomicLong removedByCalls = new AtomicLong();
  private final AtomicLong expiredCount = new AtomicLong();
  private final Set<Flow<String>> gone = Collections.newSetFromMap(new IdentityHashMap<>());
  private final ConcurrentLinkedQueue<Flow<String>> goneQueue = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

  @ParameterizedTest(name = "{0} buckets")
  @ValueSource(ints = {64, 2})
  void concurrentRandomOperationsKeepEveryInvariant(int bucketCount) throws InterruptedException {
    // 64 is what the public constructor picks for MAX; 2 makes long chains and unlink races.
    table = new FlowTable<>(MAX, 1_000, clock, bucketCount);
    for (int round = 0; round < ROUNDS; round++) {
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        long seed = round * 100L + w;
        threads.add(Thread.ofPlatform().start(() -> guard(() -> work(seed))));
      }
      threads.add(Thread.ofPlatform().start(() -> guard(this::housekeep)));
      for (Thread t : threads) {
        t.join();
      }
      assertTrue(failures.isEmpty(), () -> "round failed: " + failures.peek());
      checkQuiescent();
    }
    assertTrue(expiredCount.get() > 0 && removedByCalls.get() > 0, "expiry and removal exercised");
    clock.advance(1_000_000);
    table.expire(this::expired);
    checkQuiescent();
    assertEquals(0, table.size());
    assertEquals(0, table.backendCounts().trackedBackends(), "no counter left behind");
    assertTrue(table.refusedFull() > 0, "the bound was never hit: test too gentle");
  }

  private void work(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < OPS; i++) {
      FlowKey key = Keys.udp(random.nextInt(KEYS));
      int op = random.nextInt(100);
      if (op < 40) {
        Flow<String> f = table.insertIfAbsent(key, BACKENDS[random.nextInt(BACKENDS.length)]);
        if (f != null) {
          assertEquals(key, f.key());
          Flow<String> g = table.get(key);
          // f was live when returned; if get did not find it, f must have been removed since.
          if (g != f) {
            assertTrue(f.isRemoved(), "get missed a live flow or found a duplicate: " + f + " vs " + g);
          }
        }
      } else if (op < 60) {
        Flow<String> f = table.get(key);
        if (f != null && table.remove(f)) {
          removedByCalls.incrementAndGet();
          goneQueue.add(f);
          assertTrue(f.isRemoved());
          assertNotSame(f, table.get(key), "a removed flow is still found");
        }
      } else if (op < 80) {
        Flow<String> f = table.get(key);
        if (f != null) {
          if (random.nextBoolean()) {
            f.touch();
          } else {
            f.touch(500 + random.nextInt(2_000));
          }
          f.addBytesFromClient(10);
          f.addBytesToClient(1);
        }
      } else if (op < 99) {
        assertTrue(table.size() <= MAX, "size above the bound");
        // forEach is weakly consistent: it may see a flow and its replacement, so no bound here.
        table.forEach(f -> assertEquals(f.key().hashCode(), f.hash));
      } else {
        String b = BACKENDS[random.nextInt(BACKENDS.length)];
        List<Flow<String>> out = table.removeByBackend(b::equals);
        removedByCalls.addAndGet(out.size());
        out.forEach(f -> assertTrue(f.isRemoved() && f.backend().equals(b)));
        goneQueue.addAll(out);
      }
    }
  }

  private void housekeep() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < OPS / 20; i++) {
      clock.advance(random.nextInt(40));
      table.expire(this::expired);
      Thread.yield();
    }
  }

  private void expired(Flow<String> f) {
    assertEquals(Flow.State.EXPIRED, f.state());
    assertNotSame(f, table.get(f.key()), "an expired flow is still found");
    expiredCount.incrementAndGet();
    goneQueue.add(f);
  }

  private void checkQuiescent() {
    for (Flow<String> f; (f = goneQueue.poll()) != null; ) {
      assertTrue(gone.add(f), "a flow removed or expired twice: " + f);
    }
    Map<FlowKey, Flow<String>> live = new HashMap<>();
    Map<String, Integer> perBackend = new HashMap<>();
    table.forEach(f -> {
      assertFalse(f.isRemoved());
      assertFalse(gone.contains(f), "a removed/expired flow is present: " + f);
      assertNull(live.put(f.key(), f), "two live flows for " + f.key());
      perBackend.merge(f.backend(), 1, Integer::sum);
    });
    assertEquals(live.size(), table.size(), "size == live entries");
    var stats = table.stats();
    assertEquals(stats.inserted() - removedByCalls.get() - expiredCount.get(), table.size(),
        "inserted - removed - expired == size");
    assertEquals(removedByCalls.get(), stats.removed());
    assertEquals(expiredCount.get(), stats.expired());
    for (String b : BACKENDS) {
      assertEquals(perBackend.getOrDefault(b, 0), table.activeFlows(b), "active flows of " + b);
    }
    for (int k = 0; k < KEYS; k++) {
      assertSame(live.get(Keys.udp(k)), table.get(Keys.udp(k)), "get of key " + k);
    }
    table.buckets().forEachLinked(f -> assertFalse(f.isRemoved(), "removed flow still linked: " + f));
    Set<Flow<String>> scheduled = Collections.newSetFromMap(new IdentityHashMap<>());
    long[] garbage = {0};
    table.wheel().forEachScheduled(f -> {
      if (f == null) { // a removed flow's cleared timer
        garbage[0]++;
        return;
      }
      assertTrue(scheduled.add(f), "scheduled twice: " + f);
      assertFalse(f.isRemoved(), "removed or expired flow still held by the wheel: " + f);
    });
    live.values().forEach(f -> assertTrue(scheduled.contains(f), "live flow not scheduled: " + f));
    assertEquals(garbage[0], table.wheelGarbage(), "wheel garbage count");
  }

  private void guard(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      failures.add(t);
    }
  }
}
