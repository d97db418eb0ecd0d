package io.strait.bench.lb;

import io.strait.lb.MaglevTable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Maglev build time as thread CPU time (median and 90th percentile of 101 builds after 300 warm-up
 * builds). Complements MaglevBuildBenchmark on a shared machine, where wall-clock time also counts
 * the time this thread waited for a core.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.strait.bench.lb.MaglevBuildCpuReport}
 */
public final class MaglevBuildCpuReport {
  private MaglevBuildCpuReport() {}

  public static void main(String[] args) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    System.out.println("| M | N | median CPU ms | p90 CPU ms |");
    System.out.println("|---:|---:|---:|---:|");
    for (int m : new int[] {16_381, 65_537}) {
      for (int n : new int[] {10, 100, 1000}) {
        String[] keys = LbFixtures.keys(LbFixtures.endpoints(n));
        int[] weights = new int[n];
        Arrays.fill(weights, 1);
        long sink = 0;
        for (int i = 0; i < 300; i++) {
          sink += MaglevTable.build(keys, weights, m).slot(0);
        }
        long[] cpu = new long[101];
        for (int i = 0; i < cpu.length; i++) {
          long t0 = mx.getCurrentThreadCpuTime();
          sink += MaglevTable.build(keys, weights, m).slot(i);
          cpu[i] = mx.getCurrentThreadCpuTime() - t0;
        }
        Arrays.sort(cpu);
        System.out.printf("| %d | %d | %.3f | %.3f |%s%n", m, n, cpu[50] / 1e6, cpu[90] / 1e6, sink == 42 ? " " : "");
      }
    }
  }
}
