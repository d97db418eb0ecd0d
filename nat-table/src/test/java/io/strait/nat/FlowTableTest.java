package io.strait.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowTableTest {

  private static final long TIMEOUT = 30_000_000_000L;
  private final ManualClock clock = new ManualClock(1_000);
  private final InetSocketAddress b1 = Keys.backend(1);
  private final InetSocketAddress b2 = Keys.backend(2);

  private FlowTable<InetSocketAddress> table(int max) {
    return new FlowTable<>(max, TIMEOUT, clock);
  }

  @Test
  void insertThenGetReturnsTheSameFlow() {
    var table = table(16);
    Flow<InetSocketAddress> flow = table.insertIfAbsent(Keys.udp(1), b1);
    assertNotNull(flow);
    assertSame(flow, table.get(Keys.udp(1)));
    assertEquals(Keys.udp(1), flow.key());
    assertEquals(b1, flow.backend());
    assertEquals(1_000, flow.createdNanos());
    assertEquals(1_000, flow.lastSeenNanos());
    assertEquals(Flow.State.NEW, flow.state());
    assertEquals(1, table.size());
    assertNull(table.get(Keys.udp(2)));
    assertNull(table.get(Keys.tcp(1)), "protocol is part of the key");
  }

  @Test
  void insertIfAbsentKeepsTheExistingFlowAndItsBackend() {
    var table = table(16);
    Flow<InetSocketAddress> first = table.insertIfAbsent(Keys.udp(1), b1);
    assertSame(first, table.insertIfAbsent(Keys.udp(1), b2));
    assertEquals(1, table.size());
    assertEquals(1, table.activeFlows(b1));
    assertEquals(0, table.activeFlows(b2));
    assertEquals(1, table.stats().inserted());
  }

  @Test
  void removeRemovesOnlyThatExactFlow() {
    var table = table(16);
    Flow<InetSocketAddress> old = table.insertIfAbsent(Keys.udp(1), b1);
    assertTrue(table.remove(old));
    assertTrue(old.isRemoved());
    assertEquals(Flow.State.REMOVED, old.state());
    Flow<InetSocketAddress> newer = table.insertIfAbsent(Keys.udp(1), b2);
    assertNotSame(old, newer);
    assertFalse(table.remove(old), "a stale flow must not remove its successor");
    assertSame(newer, table.get(Keys.udp(1)));
    assertEquals(1, table.size());
    assertEquals(0, table.activeFlows(b1));
    assertEquals(1, table.activeFlows(b2));
  }

  @Test
  void aFullTableRefusesNewKeysButStillFindsExistingOnes() {
    var table = table(2);
    var a = table.insertIfAbsent(Keys.udp(1), b1);
    table.insertIfAbsent(Keys.udp(2), b1);
    assertNull(table.insertIfAbsent(Keys.udp(3), b1));
    assertNull(table.insertIfAbsent(Keys.udp(4), b1));
    assertEquals(2, table.refusedFull());
    assertSame(a, table.insertIfAbsent(Keys.udp(1), b2));
    assertEquals(2, table.size());
    table.remove(a);
    assertNotNull(table.insertIfAbsent(Keys.udp(3), b1), "room again after a removal");
    assertEquals(2, table.refusedFull());
  }

  @Test
  void perBackendCountsFollowInsertsAndRemovalsAndLeaveNothingBehind() {
    var table = table(64);
    List<Flow<InetSocketAddress>> flows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      flows.add(table.insertIfAbsent(Keys.udp(i), i % 3 == 0 ? b1 : b2));
    }
    assertEquals(10, table.activeFlows(b1));
    assertEquals(20, table.activeFlows(b2));
    assertEquals(0, table.activeFlows(Keys.backend(3)));
    flows.forEach(table::remove);
    assertEquals(0, table.activeFlows(b1));
    assertEquals(0, table.backendCounts().trackedBackends());
  }

  @Test
  void removeByBackendRemovesAndReturnsExactlyTheMatchingFlows() {
    var table = table(64);
    for (int i = 0; i < 20; i++) {
      table.insertIfAbsent(Keys.udp(i), i % 2 == 0 ? b1 : b2);
    }
    List<Flow<InetSocketAddress>> gone = table.removeByBackend(b1::equals);
    assertEquals(10, gone.size());
    gone.forEach(f -> {
      assertTrue(f.isRemoved());
      assertEquals(b1, f.backend());
      assertNull(table.get(f.key()));
    });
    assertEquals(10, table.size());
    assertEquals(0, table.activeFlows(b1));
    assertEquals(10, table.activeFlows(b2));
    assertTrue(table.removeByBackend(b1::equals).isEmpty());
  }

  @Test
  void forEachSeesEveryLiveFlowOnce() {
    var table = table(256);
    for (int i = 0; i < 100; i++) {
      table.insertIfAbsent(Keys.udp(i), b1);
    }
    table.remove(table.get(Keys.udp(7)));
    Set<FlowKey> seen = new HashSet<>();
    table.forEach(f -> assertTrue(seen.add(f.key()), "seen twice: " + f));
    assertEquals(99, seen.size());
    assertFalse(seen.contains(Keys.udp(7)));
  }

  @Test
  void touchCountersAndAttachment() {
    var table = table(4);
    var flow = table.insertIfAbsent(Keys.udp(1), b1);
    clock.advance(500);
    flow.touch();
    assertEquals(1_500, flow.lastSeenNanos());
    assertEquals(1_000, flow.createdNanos());
    flow.addBytesFromClient(100);
    flow.addBytesFromClient(20);
    assertEquals(Flow.State.NEW, flow.state());
    flow.addBytesToClient(7);
    assertEquals(120, flow.bytesFromClient());
    assertEquals(7, flow.bytesToClient());
    assertEquals(Flow.State.REPLIED, flow.state());
    assertNull(flow.attachment());
    Object channel = new Object();
    flow.attach(channel);
    assertSame(channel, flow.attachment());
    flow.touch(5);
    assertEquals(5, flow.idleTimeoutNanos());
    assertThrows(IllegalArgumentException.class, () -> flow.touch(0));
  }

  @Test
  void rejectsBadArgumentsWithMessages() {
    assertThrows(IllegalArgumentException.class, () -> new FlowTable<String>(0, 1, clock));
    assertThrows(IllegalArgumentException.class,
        () -> new FlowTable<String>(FlowTable.MAX_ENTRIES_LIMIT + 1, 1, clock));
    assertThrows(IllegalArgumentException.class, () -> new FlowTable<String>(1, 0, clock));
    assertThrows(NullPointerException.class, () -> new FlowTable<String>(1, 1, null));
    var table = table(4);
    assertThrows(NullPointerException.class, () -> table.insertIfAbsent(Keys.udp(1), null));
    var other = table(4).insertIfAbsent(Keys.udp(1), b1);
    var e = assertThrows(IllegalArgumentException.class, () -> table.remove(other));
    assertTrue(e.getMessage().contains("another table"), e.getMessage());
    assertThrows(NullPointerException.class, () -> new FlowKey(Protocol.UDP, null, Keys.FRONTEND));
  }

  @Test
  void chainsWithSeveralFlowsKeepThemApartAndUnlinkRemovedOnes() {
    var table = table(64); // 128 buckets: 64 keys cannot avoid sharing some
    assertEquals(128, table.buckets().capacity());
    List<Flow<InetSocketAddress>> flows = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      flows.add(table.insertIfAbsent(Keys.udp(i), b1));
    }
    int longest = 0;
    for (int b = 0; b < 128; b++) {
      int n = 0;
      for (var f = table.buckets().head(b); f != null; f = f.next) {
        n++;
      }
      longest = Math.max(longest, n);
    }
    assertTrue(longest >= 2, "test needs a shared bucket");
    for (int i = 0; i < 64; i += 2) {
      assertTrue(table.remove(flows.get(i)));
    }
    for (int i = 0; i < 64; i++) {
      assertEquals(i % 2 == 0 ? null : flows.get(i), table.get(Keys.udp(i)));
    }
    int[] linked = {0};
    table.buckets().forEachLinked(f -> linked[0]++);
    assertEquals(32, linked[0], "removed flows unlinked from their chains");
  }
}
