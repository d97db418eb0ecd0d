package io.strait.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePortName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionHistogramsTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ConnectionHistograms histograms = new ConnectionHistograms(registry,
            new String[] {"namespace", "service", "port", "protocol"});
    private final ServicePortName web = new ServicePortName(new ServiceName("shop", "web"), "http", Protocol.TCP);
    private final ServicePortName dns = new ServicePortName(new ServiceName("kube-system", "dns"), "dns", Protocol.UDP);

    @Test
    void anObserverRecordsSecondsIntoItsPortsSeries() throws IOException {
        ConnectionObserver o = histograms.observer(web);
        assertThat(histograms.observer(web)).isSameAs(o);
        o.connectLatency(200_000);          // 0.2 ms
        o.firstByte(3_000_000);             // 3 ms
        o.duration(2_000_000_000L);         // 2 s
        String text = scrape();
        String labels = "namespace=\"shop\",port=\"http\",protocol=\"TCP\",service=\"web\"";
        assertThat(text).contains("strait_backend_connect_duration_seconds_bucket{" + labels + ",le=\"2.5E-4\"} 1")
                .contains("strait_backend_connect_duration_seconds_bucket{" + labels + ",le=\"1.0E-4\"} 0")
                .contains("strait_backend_first_byte_duration_seconds_count{" + labels + "} 1")
                .contains("strait_connection_duration_seconds_bucket{" + labels + ",le=\"2.5\"} 1")
                .contains("strait_connection_duration_seconds_sum{" + labels + "} 2.0");
    }

    @Test
    void retainResolvesThePlansPortsAndDropsTheSeriesOfPortsThatLeftIt() throws IOException {
        histograms.retain(Set.of(web, dns));
        assertThat(scrape()).contains("service=\"web\"").contains("service=\"dns\"");
        histograms.retain(Set.of(dns));
        assertThat(scrape()).doesNotContain("service=\"web\"").contains("service=\"dns\"");
        ConnectionObserver.NONE.duration(1); // records nothing, throws nothing
    }

    private String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
