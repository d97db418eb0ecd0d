package io.strait.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePortName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionHistogramsTest {
    private static final String[] PORT_LABELS = {"namespace", "service", "port", "protocol"};
    private static final HistogramBuckets BUCKETS = HistogramBuckets.around(List.of(Duration.ofSeconds(30)));
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ServicePortName web = new ServicePortName(new ServiceName("shop", "web"), "http", Protocol.TCP);
    private final ServicePortName dns = new ServicePortName(new ServiceName("kube-system", "dns"), "dns", Protocol.UDP);

    @Test
    void anObserverRecordsSecondsIntoItsPortsSeries() throws IOException {
        ConnectionHistograms histograms = new ConnectionHistograms(registry, PORT_LABELS, true, BUCKETS);
        ConnectionObserver o = histograms.observer(web);
        assertThat(histograms.observer(web)).isSameAs(o);
        o.connectLatency(200_000);          // 0.2 ms
        o.firstByte(3_000_000);             // 3 ms
        o.duration(2_000_000_000L);         // 2 s
        String text = scrape();
        String labels = "namespace=\"shop\",port=\"http\",protocol=\"TCP\",service=\"web\"";
        assertThat(text).contains("strait_backend_connect_duration_seconds_bucket{" + labels + ",le=\"0.00025\"} 1")
                .contains("strait_backend_connect_duration_seconds_bucket{" + labels + ",le=\"0.0001\"} 0")
                .contains("strait_backend_first_byte_duration_seconds_count{" + labels + "} 1")
                .contains("strait_connection_duration_seconds_bucket{" + labels + ",le=\"5\"} 1")
                .contains("strait_connection_duration_seconds_sum{" + labels + "} 2.0")
                .doesNotContain("le=\"1.0E-4\"", "le=\"30.0\"");
    }

    @Test
    void udpPortsHaveOnlyTheDurationHistogram() throws IOException {
        ConnectionHistograms histograms = new ConnectionHistograms(registry, PORT_LABELS, true, BUCKETS);
        histograms.retain(Set.of(dns));
        String text = scrape();
        assertThat(text).contains("strait_connection_duration_seconds_count{namespace=\"kube-system\",port=\"dns\","
                + "protocol=\"UDP\",service=\"dns\"} 0");
        assertThat(text.lines().filter(l -> l.contains("service=\"dns\"")))
                .noneMatch(l -> l.startsWith("strait_backend_connect") || l.startsWith("strait_backend_first_byte"));
    }

    @Test
    void withoutPerServiceHistogramsEveryPortSharesItsProtocolsSeries() throws IOException {
        ConnectionHistograms histograms = new ConnectionHistograms(registry, PORT_LABELS, false, BUCKETS);
        ServicePortName api = new ServicePortName(new ServiceName("shop", "api"), "http", Protocol.TCP);
        histograms.retain(Set.of(web, api, dns));
        histograms.observer(web).duration(1_000_000_000L);
        histograms.observer(api).duration(1_000_000_000L);
        String text = scrape();
        assertThat(text).contains("strait_connection_duration_seconds_count{protocol=\"TCP\"} 2")
                .contains("strait_connection_duration_seconds_count{protocol=\"UDP\"} 0")
                .doesNotContain("service=");
        histograms.retain(Set.of());
        assertThat(scrape()).contains("strait_connection_duration_seconds_count{protocol=\"TCP\"} 2");
    }

    @Test
    void retainResolvesThePlansPortsAndDropsTheSeriesOfPortsThatLeftIt() throws IOException {
        ConnectionHistograms histograms = new ConnectionHistograms(registry, PORT_LABELS, true, BUCKETS);
        histograms.retain(Set.of(web, dns));
        assertThat(scrape()).contains("service=\"web\"").contains("service=\"dns\"");
        histograms.retain(Set.of(dns));
        assertThat(scrape()).doesNotContain("service=\"web\"").contains("service=\"dns\"");
        ConnectionObserver.NONE.duration(1); // records nothing, throws nothing
    }

    private String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TextExposition().findWriter("text/plain").write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
