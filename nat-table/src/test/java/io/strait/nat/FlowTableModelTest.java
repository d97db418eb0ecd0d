package io.strait.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Single-threaded random operation sequences against a sequential model (a HashMap of key to
 * flow), with a manual clock. Expiry is checked against its contract: an expired flow was idle
 * longer than its timeout, and a flow idle longer than timeout plus one tick is expired.
 */
class FlowTableModelTest {

  private static final int KEYS = 8;
  private static final int MAX = 5;
  private static final long TIMEOUT = 1_000;
  private static final String[] BACKENDS = {"a", "b", "c"};

  sealed interface Op {}

  record Insert(int key, int backend) implements Op {}

  record Get(int key) implements Op {}

  record Remove(int key) implements Op {}

  record RemoveStale(int key) implements Op {}

  record Touch(int key, long timeout) implements Op {}

  record Advance(long nanos) implements Op {}

  record Expire() implements Op {}

  record RemoveByBackend(int backend) implements Op {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Integer> key = Arbitraries.integers().between(0, KEYS - 1);
    Arbitrary<Integer> backend = Arbitraries.integers().between(0, BACKENDS.length - 1);
    Arbitrary<Op> op = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Combinators.combine(key, backend).as(Insert::new)),
        net.jqwik.api.Tuple.of(2, key.map(Get::new)),
        net.jqwik.api.Tuple.of(2, key.map(Remove::new)),
        net.jqwik.api.Tuple.of(1, key.map(RemoveStale::new)),
        net.jqwik.api.Tuple.of(3, Combinators.combine(key,
            Arbitraries.of(0L, TIMEOUT, 3 * TIMEOUT)).as(Touch::new)),
        // Time moves in leaps to near a deadline, then in steps of about a tick (4 ns here),
        // so that expiry is checked at every tick boundary, where off-by-one bugs live.
        net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 2 * TIMEOUT).map(Advance::new)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(TIMEOUT - 8, TIMEOUT - 1, TIMEOUT).map(Advance::new)),
        net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(0, 6).map(Advance::new)),
        net.jqwik.api.Tuple.of(5, Arbitraries.just(new Expire())),
        net.jqwik.api.Tuple.of(1, backend.map(RemoveByBackend::new)));
    return op.list().ofMaxSize(150);
  }

  @Property(tries = 500)
  void behavesLikeASequentialMap(@ForAll("ops") List<Op> ops) {
    ManualClock clock = new ManualClock(1L << 40);
    FlowTable<String> table = new FlowTable<>(MAX, TIMEOUT, clock);
    long tick = table.expiryResolutionNanos();
    Map<Integer, Flow<String>> model = new HashMap<>();
    Map<Integer, Flow<String>> stale = new HashMap<>();
    long refused = 0;
    for (Op op : ops) {
      switch (op) {
        case Insert(int k, int b) -> {
          Flow<String> f = table.insertIfAbsent(Keys.udp(k), BACKENDS[b]);
          if (model.containsKey(k)) {
            assertSame(model.get(k), f);
          } else if (model.size() == MAX) {
            assertNull(f);
            refused++;
          } else {
            assertNotNull(f);
            assertEquals(BACKENDS[b], f.backend());
            assertEquals(clock.getAsLong(), f.createdNanos());
            model.put(k, f);
          }
        }
        case Get(int k) -> assertSame(model.get(k), table.get(Keys.udp(k)));
        case Remove(int k) -> {
          Flow<String> f = model.remove(k);
          if (f != null) {
            assertTrue(table.remove(f));
            stale.put(k, f);
          }
        }
        case RemoveStale(int k) -> {
          if (stale.containsKey(k)) {
            assertFalse(table.remove(stale.get(k)));
          }
        }
        case Touch(int k, long timeout) -> {
          Flow<String> f = model.get(k);
          if (f != null && timeout == 0) {
            f.touch();
          } else if (f != null && timeout >= f.idleTimeoutNanos()) { // shortening is lazy
            f.touch(timeout);
          }
        }
        case Advance(long nanos) -> clock.advance(nanos);
        case Expire() -> {
          List<Flow<String>> expired = new ArrayList<>();
          table.expire(expired::add);
          long now = clock.getAsLong();
          for (Flow<String> f : expired) {
            assertTrue(now - f.lastSeenNanos() > f.idleTimeoutNanos(), "expired too early: " + f);
            assertSame(f, model.remove(keyOf(f)));
            stale.put(keyOf(f), f);
          }
          for (Flow<String> f : model.values()) {
            assertTrue(now - f.lastSeenNanos() <= f.idleTimeoutNanos() + tick, "not expired: " + f);
          }
        }
        case RemoveByBackend(int b) -> {
          List<Flow<String>> out = table.removeByBackend(BACKENDS[b]::equals);
          long expected = model.values().stream().filter(f -> f.backend().equals(BACKENDS[b])).count();
          assertEquals(expected, out.size());
          out.forEach(f -> {
            assertSame(f, model.remove(keyOf(f)));
            stale.put(keyOf(f), f);
          });
        }
      }
      assertEquals(model.size(), table.size());
      assertEquals(refused, table.refusedFull());
      for (String b : BACKENDS) {
        long n = model.values().stream().filter(f -> f.backend().equals(b)).count();
        assertEquals(n, table.activeFlows(b));
      }
    }
  }

  private static int keyOf(Flow<String> f) {
    for (int k = 0; k < KEYS; k++) {
      if (Keys.udp(k).equals(f.key())) {
        return k;
      }
    }
    throw new AssertionError("unknown key " + f.key());
  }
}
