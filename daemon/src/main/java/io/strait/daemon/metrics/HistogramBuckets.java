package io.strait.daemon.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Classic bucket bounds of the per-connection histograms, in seconds.
 *
 * <p>Durations pile up just above the timeouts that end connections: a UDP flow lasts its idle
 * timeout plus the moment of its last datagram and the expiry wheel's tick (under 1 % of the
 * timeout), a deleted Service port's connections end at the drain grace period. A bucket boundary
 * exactly at such a timeout puts all those flows in the next, wide bucket (30-60 s: p50 read as
 * 45 s for flows of 30.1 s). So each anchor T (the configured UDP and TCP idle timeouts, the drain
 * grace period) gets bounds at T and just above it (T + 0.8 %, 1.6 %, 3.2 %, 6.4 %), on top of a
 * coarse decade-ish ladder.
 *
 * @param latency  connect and first-byte bounds
 * @param duration connection-duration bounds
 */
public record HistogramBuckets(double[] latency, double[] duration) {
    /** Up to the connect timeout's default (3 s) finely; native histograms resolve finer still. */
    private static final double[] LATENCY = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.5, 1, 3, 10};
    private static final double[] DURATION_LADDER = {0.001, 0.01, 0.1, 1, 5, 10, 60, 300, 900, 3600, 21600, 86400};
    private static final double[] ABOVE = {0.008, 0.016, 0.032, 0.064};

    /** The bounds for connections ended by these timeouts (zero or negative anchors are skipped). */
    public static HistogramBuckets around(Collection<Duration> anchors) {
        TreeSet<Double> d = new TreeSet<>();
        Arrays.stream(DURATION_LADDER).forEach(d::add);
        for (Duration a : anchors) {
            double t = a.toNanos() / 1e9;
            if (t <= 0) {
                continue;
            }
            // A ladder bound inside the anchor's fine range would only split it unevenly.
            double top = t * (1 + ABOVE[ABOVE.length - 1]) * 1.01;
            d.removeIf(b -> Arrays.binarySearch(DURATION_LADDER, b) >= 0 && b > t * 0.97 && b < top);
            d.add(round(t));
            for (double f : ABOVE) {
                d.add(round(t * (1 + f)));
            }
        }
        return new HistogramBuckets(LATENCY.clone(), d.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Four significant digits: bounds that read well in an {@code le} label. */
    private static double round(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }
}
