package io.strait.daemon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.dns.metrics.DnsMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrometheusDnsMetricsTest {
    @Test
    void everyObservationShowsUnderItsStraitDnsName() throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        PrometheusDnsMetrics m = new PrometheusDnsMetrics(registry, () -> 7);
        m.answered(DnsMetrics.typeLabel(1), DnsMetrics.rcodeLabel(3), DnsMetrics.Source.ZONE, 250_000);
        m.dropped("short");
        m.forwarded("timeout");
        m.cache("positive");
        m.cache("miss");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("strait_dns_queries_total{rcode=\"NXDOMAIN\",source=\"zone\",type=\"A\"} 1.0",
                "strait_dns_request_duration_seconds_count{source=\"zone\"} 1",
                "strait_dns_dropped_total{reason=\"short\"} 1.0",
                "strait_dns_forwarded_total{result=\"timeout\"} 1.0",
                "strait_dns_cache_hits_total{kind=\"positive\"} 1.0",
                "strait_dns_cache_misses_total 1.0",
                "strait_dns_cache_entries 7.0");
    }
}
