package io.strait.bench.lb;

import io.strait.lb.MaglevTable;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Time to build one Maglev table (equal weights), as Envoy's maglev_lb benchmark measures it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MaglevBuildBenchmark {
  @Param({"16381", "65537"})
  public int tableSize;

  @Param({"10", "100", "1000"})
  public int endpoints;

  private String[] keys;
  private int[] weights;

  @Setup
  public void setUp() {
    keys = LbFixtures.keys(LbFixtures.endpoints(endpoints));
    weights = new int[endpoints];
    Arrays.fill(weights, 1);
  }

  @Benchmark
  public MaglevTable build() {
    return MaglevTable.build(keys, weights, tableSize);
  }
}
