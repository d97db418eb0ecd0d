package io.strait.daemon.standalone;

import static io.strait.proxy.testing.Clients.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strait.daemon.ProxyOptions;
import io.strait.lb.Algorithm;
import io.strait.proxy.dataplane.DataplaneConfig;
import io.strait.proxy.dataplane.Transport;
import io.strait.proxy.testing.NamedTcpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --metrics-per-backend: one gauge series per endpoint, following the live connections. */
class PerBackendMetricsIT {
    @TempDir
    Path dir;

    @Test
    void perBackendGaugeFollowsLiveConnectionsAndIsOffByDefault() throws Exception {
        int port = StandaloneIT.freePort("127.0.5.1");
        try (NamedTcpServer backend = new NamedTcpServer("b1", "127.0.5.1", port)) {
            String ip = "127.91.0." + (1 + (int) (Math.random() * 250));
            int svcPort = StandaloneIT.freePort(ip);
            Files.writeString(dir.resolve("svc.yaml"), """
                    apiVersion: v1
                    kind: Service
                    metadata: {name: web}
                    spec: {clusterIP: %s, ports: [{name: tcp, port: %d}]}
                    ---
                    apiVersion: discovery.k8s.io/v1
                    kind: EndpointSlice
                    metadata: {name: web-1, labels: {kubernetes.io/service-name: web}}
                    addressType: IPv4
                    ports: [{name: tcp, port: %d}]
                    endpoints: [{addresses: ["127.0.5.1"]}]
                    """.formatted(ip, svcPort, port));
            ProxyOptions options = new ProxyOptions("node-a", at("127.0.0.1", 0), at("127.0.0.1", 0), List.of("127.0.0.1/32"),
                    Transport.best(), Algorithm.ROUND_ROBIN, Duration.ofMillis(10), Duration.ofSeconds(30),
                    Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(24), DataplaneConfig.DEFAULT_MAX_FLOWS,
                    Duration.ofSeconds(30), false, true);
            try (Standalone s = Standalone.start(dir, options)) {
                assertThat(s.awaitApplied(Duration.ofSeconds(30))).isTrue();
                var metrics = s.runtime().http().metricsAddress();
                String series = "strait_backend_connections_active{endpoint=\"127.0.5.1:" + port
                        + "\",namespace=\"default\",port=\"tcp\",protocol=\"TCP\",service=\"web\"}";
                try (Socket held = new Socket()) {
                    held.connect(at(ip, svcPort), 2000);
                    held.setSoTimeout(5000);
                    assertThat(new BufferedReader(new InputStreamReader(held.getInputStream(), StandardCharsets.UTF_8))
                            .readLine()).isEqualTo("b1");
                    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                            assertThat(StandaloneIT.get(metrics, "/metrics")).contains(series + " 1.0")
                                    .contains("strait_flow_table_entries 1.0")
                                    .contains("strait_flow_table_entries_limit " + DataplaneConfig.DEFAULT_MAX_FLOWS + ".0")
                                    .contains("strait_flow_table_refused_full_total 0.0"));
                }
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(StandaloneIT.get(metrics, "/metrics")).contains(series + " 0.0")
                                .contains("strait_flow_table_entries 0.0"));
            }
        }
    }
}
