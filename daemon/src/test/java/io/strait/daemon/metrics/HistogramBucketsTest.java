package io.strait.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePortName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * UDP flows end just after their idle timeout; their duration percentiles, computed as PromQL's
 * histogram_quantile does from the classic buckets, must read close to the real duration.
 */
class HistogramBucketsTest {
    private static final List<Duration> DEFAULTS = List.of(Duration.ofSeconds(30), Duration.ofHours(24),
            Duration.ofSeconds(30)); // --udp-idle-timeout, --tcp-idle-timeout, --drain-grace-period
    private static final double[] OLD_BOUNDS = {0.0001, 0.001, 0.01, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
        300, 900, 3600};
    private static final Pattern BUCKET = Pattern.compile(
            "strait_connection_duration_seconds_bucket\\{.*le=\"([^\"]+)\"} (\\S+)");

    @Test
    void flowsJustPastTheDefaultIdleTimeoutReadTrue() throws IOException {
        String text = durations(HistogramBuckets.around(DEFAULTS), 30.1, 30.1, 30.1, 30.1);
        System.out.printf("flows of 30.1 s: p50 %.4f s, p99 %.4f s%n", quantile(0.5, text), quantile(0.99, text));
        assertThat(quantile(0.5, text)).isCloseTo(30.1, within(0.3));
        assertThat(quantile(0.99, text)).isCloseTo(30.1, within(0.3));
    }

    @Test
    void theOldBoundsReproduceTheReportedError() throws IOException {
        String text = durations(new HistogramBuckets(OLD_BOUNDS, OLD_BOUNDS), 30.1, 30.1, 30.1, 30.1);
        assertThat(quantile(0.5, text)).isCloseTo(45.0, within(0.1));
        assertThat(quantile(0.99, text)).isCloseTo(59.7, within(0.1));
    }

    @Test
    void boundsFollowConfiguredTimeoutsAndTheExpiryWheelsLateness() throws IOException {
        HistogramBuckets b = HistogramBuckets.around(List.of(Duration.ofSeconds(75), Duration.ofHours(24),
                Duration.ofSeconds(10)));
        // A flow expires up to two wheel ticks (under 0.8 % of the timeout) after it went idle.
        String text = durations(b, 75.2, 75.3, 75.4, 75.5);
        assertThat(quantile(0.5, text)).isCloseTo(75.35, within(0.6));
        assertThat(quantile(0.99, text)).isCloseTo(75.5, within(0.6));
        String drained = durations(b, 10.05, 10.05);
        assertThat(quantile(0.5, drained)).isCloseTo(10.05, within(0.1));
        assertThat(b.duration()).isSorted().doesNotHaveDuplicates().contains(75.0, 10.0, 86400.0);
    }

    private static String durations(HistogramBuckets buckets, double... seconds) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        ConnectionHistograms h = new ConnectionHistograms(registry, new String[] {"namespace", "service", "port", "protocol"},
                true, buckets);
        ConnectionObserver o = h.observer(new ServicePortName(new ServiceName("kube-system", "dns"), "dns", Protocol.UDP));
        for (double s : seconds) {
            o.duration((long) (s * 1e9));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TextExposition().findWriter("text/plain").write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    /** PromQL's histogram_quantile over one series' classic buckets (linear within a bucket). */
    static double quantile(double q, String text) {
        List<double[]> buckets = new ArrayList<>();
        for (String line : text.lines().toList()) {
            Matcher m = BUCKET.matcher(line);
            if (m.matches()) {
                buckets.add(new double[] {m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)),
                    Double.parseDouble(m.group(2))});
            }
        }
        double total = buckets.getLast()[1];
        double rank = q * total;
        double prevBound = 0;
        double prevCount = 0;
        for (int i = 0; i < buckets.size(); i++) {
            double[] b = buckets.get(i);
            if (b[1] >= rank) {
                if (Double.isInfinite(b[0])) {
                    return buckets.get(i - 1)[0];
                }
                return prevBound + (b[0] - prevBound) * (rank - prevCount) / (b[1] - prevCount);
            }
            prevBound = b[0];
            prevCount = b[1];
        }
        throw new AssertionError("no bucket");
    }
}
