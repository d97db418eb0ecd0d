package io.strait.lb;

import java.net.InetSocketAddress;

/*
 * Maglev consistent hashing (see MaglevTable for the source). A pick hashes the client's address
 * and port (address only under ClientIP affinity, so all of a client's connections share a slot)
 * and reads one table slot. Deterministic: a retry k walks from the first choice i to (i + k) mod n
 * without any memory. The table is reused as is when the next balancer has the same endpoint keys,
 * weights and size; 0 and 1 endpoints build no table.
 */
final class MaglevBalancer extends BaseBalancer {
  private final MaglevTable table; // null for fewer than 2 endpoints
  private final boolean hashPort;

  MaglevBalancer(Candidates candidates, int tableSize, boolean hashPort, MaglevBalancer previous) {
    super(Algorithm.MAGLEV, candidates, null);
    this.hashPort = hashPort;
    if (candidates.size() < 2) {
      this.table = null;
    } else if (previous != null && previous.table != null && previous.table.size() == tableSize
        && previous.candidates.sameMembers(candidates)) {
      this.table = previous.table;
    } else {
      this.table = MaglevTable.build(candidates.keys, candidates.weights, tableSize);
    }
  }

  @Override
  int first(InetSocketAddress client) {
    return table.lookup(StableHash.ofClient(client, hashPort));
  }

  /** The lookup table, or null for fewer than 2 endpoints; for tests and reports. */
  MaglevTable table() {
    return table;
  }
}
