package io.strait.bench.lb;

import io.strait.lb.MaglevTable;
import java.util.Arrays;

/**
 * Balance and disruption of Maglev against a plain modulo hash (slot s -> endpoint s mod N), as a
 * markdown table. Not a JMH benchmark: it measures quality, deterministically.
 *
 * <p>Balance: max over endpoints of |slots - M/N| / (M/N). Disruption when one of N endpoints is
 * removed (or one added): slots whose endpoint changes, as a multiple of M/N (1.0 = only the
 * removed endpoint's own share moves) and as a percentage of all flows; average and worst over
 * up to 50 choices of the endpoint removed.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.strait.bench.lb.MaglevQualityReport}
 */
public final class MaglevQualityReport {
  private MaglevQualityReport() {}

  interface Table {
    int[] build(String[] keys, int m);
  }

  public static void main(String[] args) {
    Table maglev = (keys, m) -> {
      int[] w = new int[keys.length];
      Arrays.fill(w, 1);
      return MaglevTable.build(keys, w, m).toArray();
    };
    Table modulo = (keys, m) -> {
      int[] t = new int[m];
      for (int s = 0; s < m; s++) {
        t[s] = s % keys.length;
      }
      return t;
    };
    System.out.println("| hash | M | N | M/N | balance: max dev | remove 1: avg x M/N | worst x M/N | avg % flows moved | add 1: avg % flows moved |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int m : new int[] {16_381, 65_537}) {
      for (int n : new int[] {10, 100, 1000}) {
        row("maglev", maglev, m, n);
        row("modulo", modulo, m, n);
      }
    }
  }

  static void row(String name, Table table, int m, int n) {
    String[] all = LbFixtures.keys(LbFixtures.endpoints(n + 1));
    String[] keys = Arrays.copyOf(all, n);
    int[] before = table.build(keys, m);
    int[] counts = new int[n];
    for (int s : before) {
      counts[s]++;
    }
    double mean = (double) m / n;
    double dev = Arrays.stream(counts).mapToDouble(c -> Math.abs(c - mean) / mean).max().orElse(0);
    int trials = Math.min(n, 50);
    double sum = 0;
    double worst = 0;
    for (int t = 0; t < trials; t++) {
      int removed = (int) ((long) t * n / trials);
      String[] fewer = new String[n - 1];
      for (int i = 0, j = 0; i < n; i++) {
        if (i != removed) {
          fewer[j++] = keys[i];
        }
      }
      double moved = changed(keys, before, fewer, table.build(fewer, m)) / mean;
      sum += moved;
      worst = Math.max(worst, moved);
    }
    String[] more = all.clone();
    Arrays.sort(more);
    double added = changed(keys, before, more, table.build(more, m)) * 100.0 / m;
    System.out.printf("| %s | %d | %d | %.1f | %.2f %% | %.2f | %.2f | %.2f %% | %.2f %% |%n", name, m, n, mean,
        dev * 100, sum / trials, worst, sum / trials * mean * 100 / m, added);
  }

  static int changed(String[] keysA, int[] a, String[] keysB, int[] b) {
    int changed = 0;
    for (int s = 0; s < a.length; s++) {
      if (!keysA[a[s]].equals(keysB[b[s]])) {
        changed++;
      }
    }
    return changed;
  }
}
