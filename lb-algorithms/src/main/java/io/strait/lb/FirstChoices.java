package io.strait.lb;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small, lossy, lock-free memory of the endpoint each recent client got at attempt 0, so a retry
 * from a stateful balancer (round-robin, least-connections, p2c, random) can walk away from it.
 *
 * <p>Direct-mapped: {@value #SLOTS} slots indexed by the client's address-and-port hash; a newer
 * client landing in the same slot overwrites the older one. A retry whose entry was overwritten
 * falls back to a client-hash anchor, which may repeat the first endpoint once. Entries are
 * written and read with opaque (atomic, unordered) access: a stale read only costs that fallback.
 * Thread-safe; carried over to the next balancer of the same algorithm.
 */
final class FirstChoices {
  static final int SLOTS = 512;

  private record Entry(InetSocketAddress client, Endpoint endpoint) {}

  private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);

  void remember(InetSocketAddress client, Endpoint endpoint) {
    if (client != null) {
      slots.setOpaque(slot(client), new Entry(client, endpoint));
    }
  }

  /** The endpoint this client got at attempt 0, or null when forgotten. */
  Endpoint recall(InetSocketAddress client) {
    if (client == null) {
      return null;
    }
    Entry e = slots.getOpaque(slot(client));
    return e != null && e.client.equals(client) ? e.endpoint : null;
  }

  private static int slot(InetSocketAddress client) {
    return (int) StableHash.ofClient(client, true) & (SLOTS - 1);
  }
}
