package io.strait.lb;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An immutable endpoint list sorted by key, with a key index; shared by every balancer. */
final class Candidates {
  final List<Endpoint> list;
  final Endpoint[] array;
  final String[] keys;
  final int[] weights;
  final boolean equalWeights;
  private final Map<String, Integer> indexByKey;

  private Candidates(Endpoint[] sorted, String[] keys) {
    this.array = sorted;
    this.keys = keys;
    this.list = List.of(sorted);
    this.weights = new int[sorted.length];
    this.indexByKey = HashMap.newHashMap(sorted.length);
    boolean equal = true;
    for (int i = 0; i < sorted.length; i++) {
      weights[i] = sorted[i].weight();
      equal &= weights[i] == weights[0];
      if (indexByKey.putIfAbsent(keys[i], i) != null) {
        throw new IllegalArgumentException("endpoint " + keys[i] + " is listed twice");
      }
    }
    this.equalWeights = equal;
  }

  static Candidates of(List<Endpoint> endpoints) {
    record Keyed(String key, Endpoint endpoint) {}
    Keyed[] keyed = endpoints.stream().map(e -> new Keyed(e.key(), e)).toArray(Keyed[]::new);
    Arrays.sort(keyed, Comparator.comparing(Keyed::key));
    return new Candidates(Arrays.stream(keyed).map(Keyed::endpoint).toArray(Endpoint[]::new),
        Arrays.stream(keyed).map(Keyed::key).toArray(String[]::new));
  }

  int size() {
    return array.length;
  }

  /** The index of the endpoint with this key, or -1. */
  int indexOf(String key) {
    Integer i = key == null ? null : indexByKey.get(key);
    return i == null ? -1 : i;
  }

  /** Same keys and weights, in the same order. */
  boolean sameMembers(Candidates other) {
    return Arrays.equals(keys, other.keys) && Arrays.equals(weights, other.weights);
  }

  /** A retry anchor for a client whose first choice is unknown: its hash, modulo n. */
  int hashAnchor(InetSocketAddress client) {
    return (int) Long.remainderUnsigned(StableHash.ofClient(client, true), array.length);
  }
}
