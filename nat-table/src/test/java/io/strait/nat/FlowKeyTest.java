package io.strait.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class FlowKeyTest {

  @Property
  void equalKeysAreEqualAndHashAlike(@ForAll @IntRange(min = 0, max = 255) int c,
      @ForAll @IntRange(min = 0, max = 255) int d, @ForAll @IntRange(min = 1, max = 65535) int port,
      @ForAll Protocol protocol) {
    FlowKey a = new FlowKey(protocol, Keys.address(10, 1, c, d, port), Keys.FRONTEND);
    FlowKey b = new FlowKey(protocol, Keys.address(10, 1, c, d, port), Keys.FRONTEND);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    Protocol other = protocol == Protocol.TCP ? Protocol.UDP : Protocol.TCP;
    assertNotEquals(a, new FlowKey(other, a.client(), a.frontend()));
  }

  @Property(tries = 20)
  void unresolvedAddressesHashConsistentlyWithEquals(@ForAll @IntRange(min = 1, max = 65535) int port) {
    FlowKey a = new FlowKey(Protocol.TCP, InetSocketAddress.createUnresolved("Client.example", port), Keys.FRONTEND);
    FlowKey b = new FlowKey(Protocol.TCP, InetSocketAddress.createUnresolved("client.EXAMPLE", port), Keys.FRONTEND);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }

  @Property(tries = 5)
  void neighbouringClientsSpreadOverLowBits(@ForAll @IntRange(min = 0, max = 200) int base) {
    // One client address, consecutive ephemeral ports: the low bits pick the bucket.
    Set<Integer> buckets = new HashSet<>();
    for (int p = 0; p < 1024; p++) {
      buckets.add(new FlowKey(Protocol.UDP, Keys.address(10, 0, 0, base, 32768 + p), Keys.FRONTEND).hashCode() & 1023);
    }
    assertEquals(true, buckets.size() > 550, "1024 ports over 1024 buckets hit only " + buckets.size());
  }
}
