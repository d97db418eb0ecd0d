package io.strait.bench.metrics;

import io.strait.daemon.metrics.ConnectionObserver;
import io.strait.daemon.metrics.StraitMetrics;
import io.strait.proxy.dataplane.Dataplane;
import io.strait.proxy.dataplane.DataplaneConfig;
import io.strait.proxy.dataplane.Transport;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePortName;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the metrics add to one connection: connect latency, time to first byte and duration, each
 * one observation into a pre-resolved classic histogram child. {@code observe3} is the hot path
 * the dataplane runs (observer kept with the route); {@code lookupAndObserve3} adds resolving the
 * observer by Service port (a ConcurrentHashMap get), for a dataplane that does not keep it.
 * Values vary over a table spanning the buckets, so the bucket search is not a constant.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Threads(1)
public class ConnectionMetricsBenchmark {
    private static final int VALUES = 1024;

    private Dataplane dataplane;
    private StraitMetrics metrics;
    private ConnectionObserver observer;
    private ServicePortName port;
    private final long[] nanos = new long[VALUES];

    @Setup(Level.Trial)
    public void setUp() {
        dataplane = new Dataplane(new DataplaneConfig(Transport.select("nio"), 1, 1000, 3, Duration.ofSeconds(30)));
        metrics = new StraitMetrics(dataplane, () -> 0);
        port = new ServicePortName(new ServiceName("shop", "web"), "http", Protocol.TCP);
        observer = metrics.connectionObserver(port);
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int i = 0; i < VALUES; i++) {
            // log-uniform from 10 µs to 100 s
            nanos[i] = (long) Math.pow(10, 4 + random.nextDouble() * 7);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        dataplane.close();
    }

    @State(Scope.Thread)
    public static class Cursor {
        int i;

        int next() {
            i = (i + 1) & (VALUES - 1);
            return i;
        }
    }

    @Benchmark
    public void observe3(Cursor c) {
        int i = c.next();
        observer.connectLatency(nanos[i]);
        observer.firstByte(nanos[(i + 1) & (VALUES - 1)]);
        observer.duration(nanos[(i + 2) & (VALUES - 1)]);
    }

    @Benchmark
    public void lookupAndObserve3(Cursor c, Blackhole bh) {
        int i = c.next();
        ConnectionObserver o = metrics.connectionObserver(port);
        o.connectLatency(nanos[i]);
        o.firstByte(nanos[(i + 1) & (VALUES - 1)]);
        o.duration(nanos[(i + 2) & (VALUES - 1)]);
        bh.consume(o);
    }

    /** The cost of reading the three timestamps the dataplane needs (System.nanoTime). */
    @Benchmark
    public void nanoTime3(Blackhole bh) {
        bh.consume(System.nanoTime());
        bh.consume(System.nanoTime());
        bh.consume(System.nanoTime());
    }
}
