package io.strait.daemon.standalone;

import static io.strait.proxy.testing.Clients.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strait.daemon.ProxyOptions;
import io.strait.proxy.dataplane.Transport;
import io.strait.proxy.testing.Clients;
import io.strait.proxy.testing.NamedTcpServer;
import io.strait.proxy.testing.NamedUdpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone mode end to end: a temporary manifest folder, real TCP and UDP backends on loopback,
 * traffic through the ClusterIP and the NodePort, and edits of the folder while it runs.
 */
class StandaloneIT {
    @TempDir
    Path dir;

    final String clusterIp = "127.88." + ThreadLocalRandom.current().nextInt(1, 255) + "." + ThreadLocalRandom.current().nextInt(1, 255);
    final List<AutoCloseable> backends = new ArrayList<>();
    int backendPort;
    int port;
    int nodePort;
    Standalone standalone;

    @BeforeEach
    void start() throws Exception {
        backendPort = freePort("127.0.2.1", "127.0.2.2", "127.0.2.3", "127.0.2.4");
        for (int i = 1; i <= 4; i++) {
            backends.add(new NamedTcpServer("b" + i, "127.0.2." + i, backendPort));
            backends.add(new NamedUdpServer("b" + i, "127.0.2." + i, backendPort));
        }
        port = freePort(clusterIp);
        nodePort = freePort("127.0.0.1");
        writeWeb(List.of(1, 2, 3));
        writeStable();
        // Per-Service histograms (--metrics-per-service-histograms): the latency test reads one Service's.
        ProxyOptions options = new ProxyOptions("node-a", at("127.0.0.1", 0), at("127.0.0.1", 0),
                List.of("127.0.0.1/32"), Transport.best(), io.strait.lb.Algorithm.ROUND_ROBIN, Duration.ofMillis(10),
                Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(24),
                io.strait.proxy.dataplane.DataplaneConfig.DEFAULT_MAX_FLOWS, Duration.ofSeconds(30), false, false, true);
        standalone = Standalone.start(dir, options);
        assertThat(standalone.awaitApplied(Duration.ofSeconds(30))).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        if (standalone != null) {
            standalone.close();
        }
        for (AutoCloseable b : backends) {
            b.close();
        }
    }

    void writeWeb(List<Integer> endpoints) throws IOException {
        StringBuilder eps = new StringBuilder();
        for (int i : endpoints) {
            eps.append("- addresses: [\"127.0.2.").append(i).append("\"]\n");
        }
        Files.writeString(dir.resolve("web.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec:
                  type: NodePort
                  clusterIP: %s
                  ports:
                  - {name: tcp, protocol: TCP, port: %d, nodePort: %d}
                  - {name: udp, protocol: UDP, port: %d, nodePort: %d}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: web-1
                  namespace: shop
                  labels: {kubernetes.io/service-name: web}
                addressType: IPv4
                ports:
                - {name: tcp, protocol: TCP, port: %d}
                - {name: udp, protocol: UDP, port: %d}
                endpoints:
                %s""".formatted(clusterIp, port, nodePort, port, nodePort, backendPort, backendPort, eps));
    }

    int stablePort() {
        return port + 1 <= 65535 ? port + 1 : port - 1;
    }

    void writeStable() throws IOException {
        Files.writeString(dir.resolve("stable.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: stable, namespace: shop}
                spec:
                  clusterIP: %s
                  ports: [{name: tcp, port: %d}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: stable-1
                  namespace: shop
                  labels: {kubernetes.io/service-name: stable}
                addressType: IPv4
                ports: [{name: tcp, port: %d}]
                endpoints: [{addresses: ["127.0.2.4"]}]
                """.formatted(clusterIp, stablePort(), backendPort));
    }

    Set<String> tcpNames(InetSocketAddress target, int n) throws IOException {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n; i++) {
            names.add(Clients.tcpName(target));
        }
        return names;
    }

    Set<String> udpNames(InetSocketAddress target, int n) throws IOException {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n; i++) {
            names.add(Clients.udpName(target)); // a new client socket each time: a new flow
        }
        return names;
    }

    @Test
    void tcpAndUdpThroughClusterIpAndNodePortReachEveryEndpoint() throws IOException {
        Set<String> all = Set.of("b1", "b2", "b3");
        assertThat(tcpNames(at(clusterIp, port), 6)).isEqualTo(all);
        assertThat(tcpNames(at("127.0.0.1", nodePort), 6)).isEqualTo(all);
        assertThat(udpNames(at(clusterIp, port), 6)).isEqualTo(all);
        assertThat(udpNames(at("127.0.0.1", nodePort), 6)).isEqualTo(all);
    }

    @Test
    void trafficFollowsEditsAndUnchangedServicesKeepTheirConnections() throws Exception {
        try (Socket held = new Socket()) {
            held.connect(at(clusterIp, stablePort()), 2000);
            held.setSoTimeout(5000);
            var in = new BufferedReader(new InputStreamReader(held.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("b4");

            writeWeb(List.of(1, 2, 3, 4));                                 // add an endpoint
            await().atMost(Duration.ofSeconds(20)).until(() -> tcpNames(at(clusterIp, port), 8).contains("b4"));
            assertThat(udpNames(at(clusterIp, port), 8)).contains("b4");

            writeWeb(List.of(2, 3, 4));                                    // remove one
            await().atMost(Duration.ofSeconds(20)).until(() -> !tcpNames(at(clusterIp, port), 6).contains("b1"));
            assertThat(tcpNames(at(clusterIp, port), 9)).isEqualTo(Set.of("b2", "b3", "b4"));
            assertThat(udpNames(at(clusterIp, port), 9)).isEqualTo(Set.of("b2", "b3", "b4"));

            Files.delete(dir.resolve("web.yaml"));                         // delete the Service
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThatThrownBy(() -> Clients.tcpName(at(clusterIp, port))).isInstanceOf(java.net.ConnectException.class));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> // its listeners close one after another
                    assertThatThrownBy(() -> Clients.tcpName(at("127.0.0.1", nodePort))).isInstanceOf(java.net.ConnectException.class));

            held.getOutputStream().write("alive\n".getBytes(StandardCharsets.UTF_8)); // survived every edit
            assertThat(in.readLine()).isEqualTo("alive");
        }
    }

    @Test
    void aPortClashIsReportedWithTheFileAndTheFirstOwnerKeepsServing() throws Exception {
        Files.writeString(dir.resolve("zz-clash.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: clash, namespace: shop}
                spec:
                  clusterIP: %s
                  ports: [{name: tcp, port: %d}]
                """.formatted(clusterIp, port));
        await().atMost(Duration.ofSeconds(20)).until(() -> standalone.runtime().syncProblems().stream()
                .anyMatch(p -> p.startsWith("zz-clash.yaml: Service shop/clash: spec.ports[0].port: port clash on "
                        + clusterIp + ":" + port + "/TCP: already served by shop/web:tcp/TCP")));
        assertThat(tcpNames(at(clusterIp, port), 3)).isEqualTo(Set.of("b1", "b2", "b3"));
    }

    static String get(InetSocketAddress server, String path) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var uri = java.net.URI.create("http://127.0.0.1:" + server.getPort() + path);
        return http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void liveConnectionsAreListedAndLatenciesRecorded() throws Exception {
        InetSocketAddress inspect = standalone.runtime().http().inspectAddress();
        InetSocketAddress metrics = standalone.runtime().http().metricsAddress();
        try (Socket held = new Socket()) {
            held.connect(at(clusterIp, port), 2000);
            held.setSoTimeout(5000);
            var in = new BufferedReader(new InputStreamReader(held.getInputStream(), StandardCharsets.UTF_8));
            String backend = in.readLine();
            String local = "127.0.0.1:" + held.getLocalPort();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(inspect, "/connections?service=shop/web"))
                    .contains(local).contains("127.0.2." + backend.substring(1) + ":" + backendPort).contains("web"));
            assertThat(get(inspect, "/connections?service=shop/stable")).doesNotContain(local);
        }
        String labels = "{namespace=\"shop\",port=\"tcp\",protocol=\"TCP\",service=\"web\"}";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(metrics, "/metrics"))
                .contains("strait_backend_connect_duration_seconds_count" + labels + " 1")
                .contains("strait_backend_first_byte_duration_seconds_count" + labels + " 1")
                .contains("strait_connection_duration_seconds_count" + labels + " 1"));
    }

    static int freePort(String... ips) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.ofLiteral(ips[0]))) {
                candidate = s.getLocalPort();
            }
            if (candidate >= 65535) {
                continue;
            }
            boolean free = true;
            for (String ip : ips) {
                for (int p : new int[] {candidate, candidate + 1}) {
                    try (ServerSocket s = new ServerSocket(p, 1, InetAddress.ofLiteral(ip));
                         var u = new java.net.DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(ip), p))) {
                        // free for TCP and UDP
                    } catch (IOException e) {
                        free = false;
                    }
                }
            }
            if (free) {
                return candidate;
            }
        }
        throw new IOException("no free port");
    }
}
