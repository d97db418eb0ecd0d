package io.strait.daemon.metrics;

import static io.strait.proxy.testing.Clients.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strait.daemon.ProxyOptions;
import io.strait.daemon.standalone.Standalone;
import io.strait.lb.Algorithm;
import io.strait.proxy.dataplane.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kube-proxy's sync metrics in standalone mode: changes counted per Service and EndpointSlice that
 * differ between two reads of the folder, none pending once applied, the queued timestamp, build
 * info, and network programming latency from the changed file's modification time.
 */
class ChangeMetricsIT {
    @TempDir
    Path dir;

    @TempDir
    Path staging;

    @Test
    void changesQueuedTimeAndProgrammingLatencyInStandaloneMode() throws Exception {
        String ip = "127.94.0." + (1 + (int) (Math.random() * 250));
        Files.writeString(dir.resolve("a.yaml"), service("a", ip, 20001) + slice("a"));
        ProxyOptions options = new ProxyOptions("node-a", at("127.0.0.1", 0), at("127.0.0.1", 0), List.of("127.0.0.1/32"),
                Transport.best(), Algorithm.ROUND_ROBIN, Duration.ofMillis(10), Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofSeconds(30));
        try (Standalone s = Standalone.start(dir, options)) {
            assertThat(s.awaitApplied(Duration.ofSeconds(30))).isTrue();
            var address = s.runtime().http().metricsAddress();
            String first = ServiceSeriesIT.get(address, "/metrics");
            assertThat(value(first, "strait_sync_proxy_rules_service_changes_total")).isEqualTo(1);
            assertThat(value(first, "strait_sync_proxy_rules_endpoint_changes_total")).isEqualTo(1);
            assertThat(value(first, "strait_network_programming_duration_seconds_count"))
                    .as("files read at start-up predate the process: not timed").isZero();
            assertThat(first).containsPattern("strait_build_info\\{java_vendor=\"[^\"]+\",java_version=\"25[^\"]*\",version=\"[^\"]+\"} 1");

            // A second file: one more Service and slice; the first file's Service changes port. Each
            // file is moved in whole, dated as if written 2 s before the folder was read.
            Instant modified = Instant.now().minusSeconds(2);
            Instant before = Instant.now();
            place("b.yaml", service("b", ip, 20002) + slice("b"), modified);
            place("a.yaml", service("a", ip, 20003) + slice("a"), modified);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String m = ServiceSeriesIT.get(address, "/metrics");
                assertThat(value(m, "strait_sync_proxy_rules_service_changes_total")).isEqualTo(3);
                assertThat(value(m, "strait_sync_proxy_rules_endpoint_changes_total")).isEqualTo(2);
                assertThat(value(m, "strait_sync_proxy_rules_service_changes_pending")).isZero();
                assertThat(value(m, "strait_sync_proxy_rules_endpoint_changes_pending")).isZero();
                double timed = value(m, "strait_network_programming_duration_seconds_count");
                assertThat(timed).as("one or two reads of the folder, one sync each").isBetween(1.0, 2.0);
                double latency = value(m, "strait_network_programming_duration_seconds_sum") / timed;
                assertThat(latency).as("from the files' modification time to the sync").isBetween(2.0,
                        2.0 + Duration.between(before, Instant.now()).toMillis() / 1000.0 + 0.5);
                double queued = value(m, "strait_sync_proxy_rules_last_queued_timestamp_seconds");
                assertThat(queued).isGreaterThanOrEqualTo(before.toEpochMilli() / 1000.0 - 0.001)
                        .isLessThanOrEqualTo(value(m, "strait_sync_proxy_rules_last_timestamp_seconds") + 0.001);
            });
        }
    }

    private void place(String name, String contents, Instant modified) throws java.io.IOException {
        Path tmp = Files.createTempFile(staging, name, ".tmp");
        Files.writeString(tmp, contents);
        Files.setLastModifiedTime(tmp, FileTime.from(modified));
        Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(series + " in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String service(String name, String ip, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s}
                spec: {clusterIP: %s, ports: [{name: tcp, port: %d}]}
                ---
                """.formatted(name, ip, port);
    }

    private static String slice(String name) {
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: %1$s-1, labels: {kubernetes.io/service-name: %1$s}}
                addressType: IPv4
                ports: [{name: tcp, port: 9}]
                endpoints: [{addresses: ["127.0.5.9"]}]
                """.formatted(name);
    }
}
