package io.strait.bench.lb;

import io.strait.lb.Algorithm;
import io.strait.lb.Balancer;
import io.strait.lb.BalancerSpec;
import io.strait.lb.Balancers;
import io.strait.lb.Endpoint;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one {@code pick(client, 0)}, single thread, 4096 distinct clients in turn. Live counts for
 * least-connections and p2c are an int[] read (what a per-endpoint counter costs), so the figure is
 * the balancer's own cost. Under affinity every client is pinned after warm-up: the hit path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PickBenchmark {
  @Param({"round-robin", "weighted-round-robin", "least-connections", "p2c", "maglev", "random"})
  public String algorithm;

  @Param({"1", "10", "100", "1000"})
  public int endpoints;

  @Param({"false", "true"})
  public boolean affinity;

  private Balancer balancer;
  private InetSocketAddress[] clients;
  private int next;

  @Setup
  public void setUp() {
    List<Endpoint> eps = LbFixtures.endpoints(endpoints);
    if (algorithm.equals("weighted-round-robin")) { // uneven weights, so the smooth schedule is used
      eps = eps.stream().map(e -> e.withWeight(1 + (e.address().getPort() % 5))).toList();
    }
    int[] counts = new int[endpoints];
    for (int i = 0; i < endpoints; i++) {
      counts[i] = ThreadLocalRandom.current().nextInt(100);
    }
    BalancerSpec spec = BalancerSpec.of(Algorithm.parse(algorithm));
    if (affinity) {
      spec = spec.withClientIpAffinity(BalancerSpec.DEFAULT_AFFINITY_TIMEOUT);
    }
    balancer = Balancers.build(spec, eps, null, e -> counts[e.address().getPort() - LbFixtures.BASE_PORT]);
    clients = LbFixtures.clients(4096);
  }

  @Benchmark
  public Endpoint pick() {
    InetSocketAddress client = clients[next++ & 4095];
    return balancer.pick(client, 0);
  }
}
