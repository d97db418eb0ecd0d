package io.strait.lb;

import static io.strait.lb.Fixtures.client;
import static io.strait.lb.Fixtures.endpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every balancer meets, with and without ClientIP affinity. */
class BalancerContractTest {
  static final ToIntFunction<Endpoint> IDLE = e -> 0;

  static Stream<BalancerSpec> specs() {
    return Stream.of(Algorithm.values()).flatMap(a -> Stream.of(
        BalancerSpec.of(a), BalancerSpec.of(a).withClientIpAffinity(BalancerSpec.DEFAULT_AFFINITY_TIMEOUT)));
  }

  static Balancer build(BalancerSpec spec, List<Endpoint> endpoints, Balancer previous) {
    return Balancers.build(spec, endpoints, previous, IDLE);
  }

  @ParameterizedTest @MethodSource("specs")
  void emptySetGivesNull(BalancerSpec spec) {
    Balancer b = build(spec, List.of(), null);
    assertThat(b.pick(client(1), 0)).isNull();
    assertThat(b.pick(client(1), 1)).isNull();
    assertThat(b.endpoints()).isEmpty();
    assertThat(b.algorithm()).isEqualTo(spec.algorithm());
  }

  @ParameterizedTest @MethodSource("specs")
  void singleEndpointTakesEverythingAndHasNoRetry(BalancerSpec spec) {
    List<Endpoint> one = endpoints(1);
    Balancer b = build(spec, one, null);
    for (int i = 0; i < 100; i++) {
      assertThat(b.pick(client(i), 0)).isEqualTo(one.getFirst());
      assertThat(b.pick(client(i), 1)).isNull();
    }
    assertThat(b.pick(null, 0)).isEqualTo(one.getFirst());
  }

  @ParameterizedTest @MethodSource("specs")
  void spreadsManyClientsEvenly(BalancerSpec spec) {
    int n = 10;
    int picks = 20_000;
    Balancer b = build(spec, endpoints(n), null);
    Map<Endpoint, Integer> counts = new HashMap<>();
    for (int i = 0; i < picks; i++) {
      counts.merge(b.pick(client(i), 0), 1, Integer::sum);
    }
    assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(b.endpoints());
    double mean = (double) picks / n; // 2000; binomial sd ~42, so 15 % is > 7 sd
    assertThat(counts.values()).allSatisfy(c -> assertThat(Math.abs(c - mean) / mean).isLessThan(0.15));
  }

  @ParameterizedTest @MethodSource("specs")
  void retriesGiveDistinctEndpointsUntilAllAreTried(BalancerSpec spec) {
    int n = 7;
    Balancer b = build(spec, endpoints(n), null);
    for (int c = 0; c < 200; c++) {
      InetSocketAddress client = client(c);
      Set<Endpoint> tried = new HashSet<>();
      for (int attempt = 0; attempt < n; attempt++) {
        assertThat(tried.add(b.pick(client, attempt))).as("attempt %d of client %s", attempt, client).isTrue();
      }
      assertThat(b.pick(client, n)).isNull();
    }
    assertThatThrownBy(() -> b.pick(client(0), -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest @MethodSource("specs")
  void churnThroughPreviousNeverPicksARemovedEndpoint(BalancerSpec spec) {
    List<Endpoint> all = endpoints(12);
    Balancer b = build(spec, all.subList(0, 10), null);
    for (int round = 0; round < 6; round++) {
      List<Endpoint> next = new ArrayList<>(all.subList(round % 3, 10 + round % 3));
      b = build(spec, next, b);
      assertThat(b.endpoints()).containsExactlyInAnyOrderElementsOf(next);
      for (int i = 0; i < 500; i++) {
        assertThat(next).contains(b.pick(client(i), 0), b.pick(client(i), 1));
      }
    }
    b = build(spec, List.of(), b);
    assertThat(b.pick(client(1), 0)).isNull();
  }

  @ParameterizedTest @MethodSource("specs")
  void concurrentPicksFromSeveralThreads(BalancerSpec spec) throws InterruptedException {
    int n = 8;
    int threads = 4;
    int perThread = 20_000;
    Balancer b = build(spec, endpoints(n), null);
    Map<Endpoint, LongAdder> counts = new ConcurrentHashMap<>();
    AtomicInteger bad = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      workers.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) {
          Endpoint e = b.pick(client(base + i), 0);
          if (e == null || !b.endpoints().contains(e)) {
            bad.incrementAndGet();
          } else {
            counts.computeIfAbsent(e, k -> new LongAdder()).increment();
          }
        }
      }));
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    assertThat(bad).hasValue(0);
    long total = counts.values().stream().mapToLong(LongAdder::sum).sum();
    assertThat(total).isEqualTo((long) threads * perThread);
    if (spec.algorithm() == Algorithm.ROUND_ROBIN && !spec.clientIpAffinity()) {
      // one shared sequence: concurrency loses no turn and duplicates none
      assertThat(counts.values()).allSatisfy(c -> assertThat(c.sum()).isEqualTo(total / n));
    } else {
      assertThat(counts).hasSize(n);
    }
  }
}
