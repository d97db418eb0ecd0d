package io.strait.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Maglev's promises (NSDI 2016, §3.4, §5.3): balance, bounded disruption, determinism.
 *
 * <p>Balance is measured per endpoint as |count - M/N| / (M/N), count being its slots in the table.
 * With equal weights each endpoint claims one slot per round, so counts are floor(M/N) or ceil(M/N)
 * and the deviation is below N/M: at most 1 % whenever M >= 100 N, for every N.
 *
 * <p>Disruption is measured as the number of slots whose endpoint changes when one of N endpoints is
 * removed, in units of M/N (1.0 = only the removed endpoint's own slots move). Measured (see
 * benchmarks/results/lb-algorithms.md): up to ~1.1 at N=10, ~2.4 at M=100N with N=100, up to
 * ~7.5 for N=1000 at M=16381. The property asserts the measured envelope, 8 x M/N, for M >= 100 N.
 */
class MaglevTableTest {
  static String[] keys(int n, long seed) {
    List<String> keys = new ArrayList<>();
    Random r = new Random(seed);
    while (keys.size() < n) {
      String k = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + ":" + (1 + r.nextInt(65535));
      if (!keys.contains(k)) {
        keys.add(k);
      }
    }
    Collections.sort(keys);
    return keys.toArray(String[]::new);
  }

  static int[] ones(int n) {
    int[] w = new int[n];
    Arrays.fill(w, 1);
    return w;
  }

  @Property(tries = 40)
  void everyEndpointHoldsWithinOnePercentOfTheMean(@ForAll @IntRange(min = 1, max = 655) int n,
                                                   @ForAll boolean large, @ForAll long seed) {
    int m = large ? 65_537 : 16_381;
    n = Math.max(1, Math.min(n, m / 100));
    int[] counts = MaglevTable.build(keys(n, seed), ones(n), m).counts(n);
    double mean = (double) m / n;
    for (int c : counts) {
      assertThat(Math.abs(c - mean) / mean).isLessThanOrEqualTo(0.01);
    }
  }

  @Property(tries = 25)
  void removingOneEndpointMovesAtMostEightTimesItsShare(@ForAll @IntRange(min = 2, max = 655) int n,
                                                        @ForAll boolean large, @ForAll long seed,
                                                        @ForAll @IntRange(min = 0, max = 10_000) int victim) {
    int m = large ? 65_537 : 16_381;
    n = Math.max(2, Math.min(n, m / 100));
    String[] before = keys(n, seed);
    int removed = victim % n;
    String[] after = new String[n - 1];
    for (int i = 0, j = 0; i < n; i++) {
      if (i != removed) {
        after[j++] = before[i];
      }
    }
    MaglevTable t1 = MaglevTable.build(before, ones(n), m);
    MaglevTable t2 = MaglevTable.build(after, ones(n - 1), m);
    int changed = 0;
    for (int s = 0; s < m; s++) {
      if (!before[t1.slot(s)].equals(after[t2.slot(s)])) {
        changed++;
      }
    }
    assertThat(changed).isGreaterThanOrEqualTo(m / n); // its own slots must move
    assertThat(changed / ((double) m / n)).isLessThanOrEqualTo(8.0);
  }

  @Property(tries = 20)
  void sameInputsAlwaysGiveTheSameTable(@ForAll @IntRange(min = 1, max = 200) int n, @ForAll long seed) {
    String[] k = keys(n, seed);
    assertThat(MaglevTable.build(k, ones(n), 16_381).toArray())
        .isEqualTo(MaglevTable.build(k.clone(), ones(n), 16_381).toArray());
  }

  @Property(tries = 10)
  void inputOrderDoesNotMatterThroughBalancers(@ForAll @IntRange(min = 2, max = 50) int n, @ForAll long seed) {
    List<Endpoint> eps = new ArrayList<>(Fixtures.endpoints(n));
    BalancerSpec spec = BalancerSpec.of(Algorithm.MAGLEV);
    MaglevBalancer a = (MaglevBalancer) Balancers.build(spec, eps, null, e -> 0);
    Collections.shuffle(eps, new Random(seed));
    MaglevBalancer b = (MaglevBalancer) Balancers.build(spec, eps, null, e -> 0);
    assertThat(a.table().toArray()).isEqualTo(b.table().toArray());
  }

  @Test
  void goldenTableForThirteenSlotsAndThreeEndpoints() {
    // offsets/skips: 10.0.0.1:80 11/11, 10.0.0.2:80 11/10, 10.0.0.3:80 0/2 (worked by hand in the README)
    String[] k = {"10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80"};
    assertThat(MaglevTable.build(k, ones(3), 13).toArray())
        .containsExactly(2, 0, 2, 0, 2, 1, 1, 0, 1, 0, 2, 0, 1);
    assertThat(MaglevTable.build(k, new int[] {2, 1, 1}, 13).toArray())
        .containsExactly(2, 0, 1, 0, 2, 0, 2, 0, 1, 0, 0, 0, 1);
  }

  @Test
  void weightsSetTheShares() {
    int m = 65_537;
    int[] w = {1, 2, 3, 4};
    int[] counts = MaglevTable.build(keys(4, 7), w, m).counts(4);
    for (int i = 0; i < 4; i++) {
      double expected = m * w[i] / 10.0;
      assertThat(Math.abs(counts[i] - expected) / expected).as("endpoint %d", i).isLessThan(0.001);
    }
  }

  @Test
  void rejectsNonPrimeSizesWithAClearMessage() {
    assertThatThrownBy(() -> MaglevTable.build(keys(2, 1), ones(2), 65_536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65536").hasMessageContaining("prime");
    assertThatThrownBy(() -> BalancerSpec.of(Algorithm.MAGLEV).withMaglevTableSize(16_383))
        .hasMessageContaining("16383 must be a prime");
    assertThat(BalancerSpec.of(Algorithm.MAGLEV).withMaglevTableSize(65_537).maglevTableSize()).isEqualTo(65_537);
  }

  @Test
  void tableIsReusedWhenMembersAreUnchanged() {
    BalancerSpec spec = BalancerSpec.of(Algorithm.MAGLEV);
    MaglevBalancer a = (MaglevBalancer) Balancers.build(spec, Fixtures.endpoints(5), null, e -> 0);
    MaglevBalancer b = (MaglevBalancer) Balancers.build(spec, Fixtures.endpoints(5), a, e -> 0);
    MaglevBalancer c = (MaglevBalancer) Balancers.build(spec, Fixtures.endpoints(6), b, e -> 0);
    assertThat(b.table()).isSameAs(a.table());
    assertThat(c.table()).isNotSameAs(b.table());
  }

  @Test
  void clientsHashByAddressAndPortUnlessAffinity() {
    Balancer plain = Balancers.build(BalancerSpec.of(Algorithm.MAGLEV), Fixtures.endpoints(50), null, e -> 0);
    long distinct = java.util.stream.IntStream.range(0, 200)
        .mapToObj(p -> plain.pick(Fixtures.addr("192.0.2.1", 20_000 + p), 0)).distinct().count();
    assertThat(distinct).isGreaterThan(20);
    MaglevBalancer byIp = new MaglevBalancer(Candidates.of(Fixtures.endpoints(50)), 16_381, false, null);
    assertThat(java.util.stream.IntStream.range(0, 200)
        .mapToObj(p -> byIp.pick(Fixtures.addr("192.0.2.1", 20_000 + p), 0)).distinct()).hasSize(1);
  }
}
