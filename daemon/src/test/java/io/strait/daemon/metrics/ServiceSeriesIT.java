package io.strait.daemon.metrics;

import static io.strait.proxy.testing.Clients.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.strait.daemon.ProxyOptions;
import io.strait.daemon.standalone.Standalone;
import io.strait.lb.Algorithm;
import io.strait.proxy.dataplane.DataplaneConfig;
import io.strait.proxy.dataplane.Transport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The series one Service port costs, counted in a real {@code /metrics} scrape (the figures the
 * README states): a TCP and a UDP port of one Service without traffic, with and without
 * {@code --metrics-per-service-histograms}.
 */
class ServiceSeriesIT {
    @TempDir
    Path dir;

    /** Before this change every Service port had 72 series, whatever its protocol and traffic. */
    @Test
    void aServicePortCarriesOnlyWhatItsProtocolCanMove() throws Exception {
        String metrics = scrape(false);
        long tcp = count(metrics, "TCP");
        long udp = count(metrics, "UDP");
        System.out.printf("series per Service port (default): TCP %d, UDP %d%n", tcp, udp);
        assertThat(tcp).isEqualTo(11);
        assertThat(udp).isEqualTo(11);
        assertThat(names(metrics, "UDP")).doesNotContain("strait_backend_connect_failures_total",
                "strait_endpoint_backoffs_total", "strait_connections_active", "strait_connections_drain_closed_total");
        assertThat(names(metrics, "TCP")).doesNotContain("strait_udp_flows_total", "strait_udp_flows_active");
        // The node-wide histograms: one set per protocol in use.
        assertThat(metrics).contains("strait_connection_duration_seconds_count{protocol=\"UDP\"} 0")
                .contains("strait_backend_connect_duration_seconds_count{protocol=\"TCP\"} 0")
                .doesNotContain("strait_backend_connect_duration_seconds_count{protocol=\"UDP\"}");
    }

    @Test
    void perServiceHistogramsAddTheirProtocolsHistogramsOnly() throws Exception {
        String metrics = scrape(true);
        long tcp = count(metrics, "TCP");
        long udp = count(metrics, "UDP");
        System.out.printf("series per Service port (--metrics-per-service-histograms): TCP %d, UDP %d%n", tcp, udp);
        int latency = HistogramBuckets.around(List.of()).latency().length + 3; // buckets, +Inf, _count, _sum
        int duration = HistogramBuckets.around(List.of(Duration.ofSeconds(30), Duration.ofHours(24),
                Duration.ofSeconds(30))).duration().length + 3;
        assertThat(tcp).isEqualTo(11 + 2 * latency + duration);
        assertThat(udp).isEqualTo(11 + duration);
        assertThat(metrics).contains("le=\"0.0001\"").doesNotContain("le=\"1.0E-4\"").contains("le=\"30.24\"");
    }

    static Set<String> names(String metrics, String protocol) {
        Set<String> out = new TreeSet<>();
        metrics.lines().filter(l -> !l.startsWith("#"))
                .filter(l -> l.contains("service=\"series\"") && l.contains("protocol=\"" + protocol + "\""))
                .forEach(l -> out.add(l.substring(0, l.indexOf('{'))));
        return out;
    }

    static long count(String metrics, String protocol) {
        return metrics.lines().filter(l -> !l.startsWith("#"))
                .filter(l -> l.contains("service=\"series\"") && l.contains("protocol=\"" + protocol + "\""))
                .count();
    }

    String scrape(boolean histograms) throws Exception {
        String ip = "127.92.0." + (1 + (int) (Math.random() * 250));
        Files.writeString(dir.resolve("svc.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: series}
                spec: {clusterIP: %s, ports: [{name: t, port: %d, protocol: TCP}, {name: u, port: %d, protocol: UDP}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: series-1, labels: {kubernetes.io/service-name: series}}
                addressType: IPv4
                ports: [{name: t, port: 9, protocol: TCP}, {name: u, port: 9, protocol: UDP}]
                endpoints: [{addresses: ["127.0.5.9"]}]
                """.formatted(ip, 20000 + (int) (Math.random() * 20000), 20000 + (int) (Math.random() * 20000)));
        ProxyOptions options = new ProxyOptions("node-a", at("127.0.0.1", 0), at("127.0.0.1", 0), List.of("127.0.0.1/32"),
                Transport.best(), Algorithm.ROUND_ROBIN, Duration.ofMillis(10), Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(24), DataplaneConfig.DEFAULT_MAX_FLOWS,
                Duration.ofSeconds(30), false, false, histograms);
        try (Standalone s = Standalone.start(dir, options)) {
            assertThat(s.awaitApplied(Duration.ofSeconds(30))).isTrue();
            return get(s.runtime().http().metricsAddress(), "/metrics");
        }
    }

    static String get(InetSocketAddress address, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
