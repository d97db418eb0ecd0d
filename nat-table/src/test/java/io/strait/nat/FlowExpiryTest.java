package io.strait.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idle expiry on the timing wheel, driven by a manual clock. */
class FlowExpiryTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long TIMEOUT = 30 * SECOND;
  private final ManualClock clock = new ManualClock(-5 * SECOND); // nanoTime may be negative
  private final FlowTable<String> table = new FlowTable<>(1024, TIMEOUT, clock);
  private final long tick = table.expiryResolutionNanos();
  private final List<Flow<String>> expired = new ArrayList<>();

  private int expire() {
    return table.expire(expired::add);
  }

  @Test
  void tickIsAPowerOfTwoAndAboutATwoHundredFiftySixthOfTheTimeout() {
    assertEquals(1, Long.bitCount(tick));
    assertTrue(tick >= TIMEOUT / 256 && tick < TIMEOUT / 128, "tick " + tick);
  }

  @Test
  void aFlowExpiresAfterItsTimeoutAndNotBefore() {
    Flow<String> flow = table.insertIfAbsent(Keys.udp(1), "b");
    clock.advance(TIMEOUT);
    assertEquals(0, expire(), "idle exactly the timeout is not idle longer than it");
    clock.advance(2 * tick + 1);
    assertEquals(1, expire());
    assertEquals(List.of(flow), expired);
    assertEquals(Flow.State.EXPIRED, flow.state());
    assertNull(table.get(Keys.udp(1)));
    assertEquals(0, table.size());
    assertEquals(0, table.activeFlows("b"));
    assertEquals(1, table.stats().expired());
  }

  @Test
  void expiryIsCheckedEveryTickSoItIsNeverMoreThanOneTickLate() {
    Flow<String> flow = table.insertIfAbsent(Keys.udp(1), "b");
    long waited = 0;
    while (expire() == 0) {
      clock.advance(tick / 4);
      waited += tick / 4;
      assertTrue(waited <= TIMEOUT + tick, "not expired after " + waited);
    }
    assertTrue(waited > TIMEOUT, "expired early, after " + waited);
    assertTrue(flow.isRemoved());
  }

  @Test
  void aTouchedFlowIsRescheduledNotExpired() {
    Flow<String> flow = table.insertIfAbsent(Keys.udp(1), "b");
    clock.advance(TIMEOUT - SECOND);
    flow.touch();
    clock.advance(2 * SECOND + 2 * tick); // past the first deadline, not the new one
    assertEquals(0, expire());
    assertSame(flow, table.get(Keys.udp(1)));
    clock.advance(TIMEOUT);
    assertEquals(1, expire());
  }

  @Test
  void aPerFlowTimeoutLongerThanOneRotationIsHonoured() {
    Flow<String> flow = table.insertIfAbsent(Keys.udp(1), "b");
    flow.touch(10 * TIMEOUT);
    for (int i = 0; i < 9; i++) {
      clock.advance(TIMEOUT);
      assertEquals(0, expire(), "rotation " + i);
    }
    clock.advance(TIMEOUT + 2 * tick);
    assertEquals(1, expire());
  }

  @Test
  void aLongPauseBetweenCallsExpiresEverythingDueAtOnce() {
    for (int i = 0; i < 100; i++) {
      table.insertIfAbsent(Keys.udp(i), "b");
      clock.advance(SECOND / 10);
    }
    Flow<String> fresh = table.insertIfAbsent(Keys.udp(1000), "b");
    clock.advance(100 * TIMEOUT);
    fresh.touch();
    assertEquals(100, expire());
    assertEquals(1, table.size());
    assertSame(fresh, table.get(Keys.udp(1000)));
  }

  @Test
  void removedFlowsAreNotReportedAndLeaveTheWheel() {
    Flow<String> a = table.insertIfAbsent(Keys.udp(1), "b");
    Flow<String> b = table.insertIfAbsent(Keys.udp(2), "b");
    table.remove(a);
    assertEquals(1, table.wheelGarbage());
    clock.advance(TIMEOUT + 2 * tick);
    assertEquals(1, expire());
    assertEquals(List.of(b), expired);
    assertEquals(0, table.wheelGarbage());
    int[] scheduled = {0};
    table.wheel().forEachScheduled(f -> scheduled[0]++);
    assertEquals(0, scheduled[0]);
  }

  @Test
  void manyRemovalsTriggerAPurgeOfTheWheel() {
    FlowTable<String> big = new FlowTable<>(4096, TIMEOUT, clock);
    for (int i = 0; i < 3000; i++) {
      big.remove(big.insertIfAbsent(Keys.udp(i), "b"));
    }
    assertEquals(3000, big.wheelGarbage());
    assertEquals(0, big.expire(f -> {}));
    assertEquals(0, big.wheelGarbage(), "purged without any tick passing");
  }

  @Test
  void aThrowingCallbackStillSeesEveryFlowAndTheFirstErrorSurfaces() {
    for (int i = 0; i < 3; i++) {
      table.insertIfAbsent(Keys.udp(i), "b");
    }
    clock.advance(TIMEOUT + 2 * tick);
    List<Flow<String>> seen = new ArrayList<>();
    var e = assertThrows(IllegalStateException.class, () -> table.expire(f -> {
      seen.add(f);
      throw new IllegalStateException("boom " + seen.size());
    }));
    assertEquals("boom 1", e.getMessage());
    assertEquals(2, e.getSuppressed().length);
    assertEquals(3, seen.size());
    assertEquals(0, table.size());
  }
}
