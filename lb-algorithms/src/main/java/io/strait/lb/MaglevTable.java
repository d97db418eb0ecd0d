package io.strait.lb;

/*
 * The Maglev lookup table: Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load
 * Balancer", NSDI 2016, §3.4 (Pseudocode 1), with weights as in Envoy's maglev_lb.cc and Katran's
 * MaglevHash (read for the idea; written afresh).
 *
 * Each endpoint i, identified by its stable key "ip:port", gets a permutation of the M slots:
 * offset = h(key, SEED_OFFSET) mod M, skip = h(key, SEED_SKIP) mod (M - 1) + 1, and its j-th
 * preference is (offset + j * skip) mod M; M prime makes every permutation visit every slot. The
 * endpoints take turns claiming their next free preferred slot until all M are claimed. With
 * weights, a turn is taken in round r only when r * weight >= (claimed + 1) * maxWeight, so an
 * endpoint claims slots in proportion to its weight and one of maximal weight claims every round.
 * With equal weights every endpoint holds floor(M/N) or ceil(M/N) slots.
 *
 * Endpoints must come sorted by key and the seeds are fixed, so every node builds the same table.
 * Cost: about M ln M probes (the last free slots are found late), each a bit test in a bitset
 * small enough for L1; about 1-2 ms at M = 65537 (benchmarks/results/lb-algorithms.md).
 */
/**
 * An immutable Maglev lookup table: {@code M} slots each holding an endpoint index. Thread-safe.
 */
public final class MaglevTable {
  /** Cilium's default table size. */
  public static final int DEFAULT_SIZE = 16_381;
  /** The largest size accepted: 4 MiB of table per Service port is already generous. */
  public static final int MAX_SIZE = 1_048_573;

  static final long SEED_OFFSET = 0x5EED_0FF5_E7A1_1CE5L;
  static final long SEED_SKIP = 0x5EED_5C1B_B00C_CA75L;

  private final int[] slots;

  private MaglevTable(int[] slots) {
    this.slots = slots;
  }

  /**
   * Builds the table for endpoints with these keys (already sorted) and weights.
   *
   * @throws IllegalArgumentException if size is not a prime in 2..MAX_SIZE, or keys is empty
   */
  public static MaglevTable build(String[] keys, int[] weights, int size) {
    checkSize(size);
    int n = keys.length;
    if (n == 0 || weights.length != n) {
      throw new IllegalArgumentException("Maglev needs at least one endpoint and one weight per endpoint; got "
          + n + " keys and " + weights.length + " weights");
    }
    int[] next = new int[n];
    int[] skip = new int[n];
    int maxWeight = 0;
    for (int i = 0; i < n; i++) {
      next[i] = (int) Long.remainderUnsigned(StableHash.of(keys[i], SEED_OFFSET), size);
      skip[i] = size == 2 ? 1 : (int) Long.remainderUnsigned(StableHash.of(keys[i], SEED_SKIP), size - 1) + 1;
      maxWeight = Math.max(maxWeight, weights[i]);
    }
    int[] table = new int[size];
    long[] taken = new long[(size + 63) >>> 6]; // probes test this 8 KiB bitset (L1), not the table
    long[] claimed = new long[n];
    int filled = 0;
    for (long round = 1; filled < size; round++) {
      for (int i = 0; i < n && filled < size; i++) {
        if (weights[i] != maxWeight && round * weights[i] < (claimed[i] + 1) * maxWeight) {
          continue;
        }
        int c = next[i];
        while ((taken[c >>> 6] & (1L << c)) != 0) {
          c += skip[i];
          if (c >= size) {
            c -= size;
          }
        }
        table[c] = i;
        taken[c >>> 6] |= 1L << c;
        claimed[i]++;
        filled++;
        c += skip[i];
        next[i] = c >= size ? c - size : c;
      }
    }
    return new MaglevTable(table);
  }

  /** Checks a table size: a prime in 2..MAX_SIZE. */
  public static void checkSize(int size) {
    if (size < 2 || size > MAX_SIZE || !isPrime(size)) {
      throw new IllegalArgumentException("Maglev table size " + size + " must be a prime in 2.." + MAX_SIZE
          + " (for example 16381, the default, or 65537), and at least 100 x the endpoint count for a 1 % balance");
    }
  }

  static boolean isPrime(int x) {
    if (x < 2) {
      return false;
    }
    for (int d = 2; (long) d * d <= x; d++) {
      if (x % d == 0) {
        return false;
      }
    }
    return true;
  }

  /** M. */
  public int size() {
    return slots.length;
  }

  /** The endpoint index in slot {@code hash mod M} (hash read as unsigned). */
  public int lookup(long hash) {
    return slots[(int) Long.remainderUnsigned(hash, slots.length)];
  }

  /** The endpoint index in one slot. */
  public int slot(int i) {
    return slots[i];
  }

  /** A copy of the slots. */
  public int[] toArray() {
    return slots.clone();
  }

  /** How many slots each of n endpoints holds. */
  public int[] counts(int n) {
    int[] counts = new int[n];
    for (int s : slots) {
      counts[s]++;
    }
    return counts;
  }
}
