package io.strait.daemon.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.daemon.Main;
import io.strait.daemon.ProxyOptions;
import io.strait.daemon.http.HttpEndpoints;
import io.strait.daemon.standalone.Standalone;
import io.strait.proxy.dataplane.Transport;
import io.strait.proxy.health.ProxyHealth;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** strait status and strait connections against a running instance's /status and /connections. */
class InspectCommandsTest {
    @TempDir
    Path dir;

    /** node-a, metrics and health on any free loopback port, NodePorts on 127.0.0.1. */
    static ProxyOptions options() {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        return new ProxyOptions("node-a", any, any, List.of("127.0.0.1/32"), Transport.best(),
                io.strait.lb.Algorithm.ROUND_ROBIN, Duration.ofMillis(10), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }

    @Test
    void statusShowsServicesFrontendsEndpointsAndTheProblemsOfTheLastSync() throws Exception {
        String ip = "127.89." + ThreadLocalRandom.current().nextInt(1, 255) + "." + ThreadLocalRandom.current().nextInt(1, 255);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("web.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec:
                  clusterIP: %s
                  ports: [{name: http, protocol: TCP, port: %d}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: web-1, namespace: shop, labels: {kubernetes.io/service-name: web}}
                addressType: IPv4
                ports: [{name: http, protocol: TCP, port: 8080}]
                endpoints:
                - addresses: ["127.0.3.1"]
                - addresses: ["127.0.3.2"]
                  conditions: {ready: false}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: zz-clash, namespace: shop}
                spec:
                  clusterIP: %s
                  ports: [{name: http, protocol: TCP, port: %d}]
                """.formatted(ip, port, ip, port));
        try (Standalone standalone = Standalone.start(dir, options())) {
            assertThat(standalone.awaitApplied(Duration.ofSeconds(20))).isTrue();
            String address = "127.0.0.1:" + standalone.runtime().http().inspectAddress().getPort();

            String table = run("status", "--address", address);
            assertThat(table).contains("Node node-a: last sync")
                    .containsPattern("shop/web +http/TCP +CLUSTER_IP +round-robin +" + ip.replace(".", "\\.") + ":" + port + "/TCP +1/2")
                    .containsPattern("shop/web +http/TCP +127\\.0\\.3\\.1:8080 +- +eligible")
                    .containsPattern("127\\.0\\.3\\.2:8080 +- +not-ready")
                    .contains("Problems of the last sync:").contains("clash");

            Status json = InspectJson.read(run("status", "--address", address, "-o", "json"), Status.class);
            assertThat(json.services()).extracting(Status.ServiceStatus::name).contains("web", "zz-clash");
            assertThat(json.problems()).isNotEmpty();

            assertThat(run("connections", "--address", address)).isEqualTo("No connections.\n");
            assertThat(run("connections", "--address", address, "-o", "json").strip()).isEqualTo("[]");
        }
    }

    /** Issue #7: in standalone mode an invalid metallb.io configuration is shown by strait status, not only logged. */
    @Test
    void statusListsTheProblemsTheFolderHasNowSuchAsARefusedPool() throws Exception {
        Files.writeString(dir.resolve("pools.yaml"), """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: lan, namespace: metallb-system}
                spec: {addresses: ["10.0.0.0/33"]}
                ---
                apiVersion: metallb.io/v1beta2
                kind: BGPPeer
                metadata: {name: tor, namespace: metallb-system}
                spec: {myASN: 64513, peerASN: 64512, peerAddress: 10.0.0.1, passwordSecret: {name: tor-md5}}
                """);
        try (Standalone standalone = Standalone.start(dir, options())) {
            assertThat(standalone.awaitApplied(Duration.ofSeconds(20))).isTrue();
            String address = "127.0.0.1:" + standalone.runtime().http().inspectAddress().getPort();
            assertThat(run("status", "--address", address))
                    .contains("No problems in the last sync.")
                    .contains("Problems now (manifests, LoadBalancer configuration, allocation, announcing):")
                    .contains("IPAddressPool metallb-system/lan: spec.addresses[0]")
                    .contains("BGPPeer metallb-system/tor: spec.passwordSecret: Strait does not implement this field");
            Status json = InspectJson.read(run("status", "--address", address, "-o", "json"), Status.class);
            assertThat(json.sourceProblems()).anySatisfy(p -> assertThat(p).contains("spec.passwordSecret"));
        }
    }

    @Test
    void connectionsFiltersByServiceAndPrintsATable() {
        List<Flow> flows = List.of(
                new Flow("TCP", "10.0.0.9:40000", "10.96.0.10:80/TCP", "10.1.0.5:8080", "shop", "web", "http", 61_000, 120, 4096),
                new Flow("UDP", "10.0.0.9:5353", "10.96.0.53:53/UDP", "10.1.0.7:53", "kube-system", "dns", "dns", 300, 40, 80));
        HttpEndpoints http = new HttpEndpoints(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0),
                new ProxyHealth(Clock.systemUTC(), Duration.ofMinutes(1)), new PrometheusRegistry());
        try (http) {
            InspectEndpoints.register(http, () -> new Status("n", null, 0, List.of(), List.of(), List.of()), () -> flows);
            String address = "127.0.0.1:" + http.inspectAddress().getPort();
            String table = run("connections", "--address", address, "--service", "shop/web");
            assertThat(table).containsPattern("TCP +10\\.0\\.0\\.9:40000 +10\\.96\\.0\\.10:80/TCP +10\\.1\\.0\\.5:8080 +shop/web:http +1m1s +120 +4096")
                    .doesNotContain("dns").endsWith("1 flows\n");
            assertThat(run("connections", "--address", address, "-s", "dns")).contains("kube-system/dns:dns", "0.3s");
            assertThat(run("connections", "--address", address)).endsWith("2 flows\n");
            assertThat(run("status", "--address", address)).contains("no sync yet");
        }
    }

    /** Issue #13, finding 7: exposing /metrics never exposes flows; issue #18: the CLI finds an instance unaided. */
    @Test
    void inspectionHasItsOwnLoopbackAddressWhichTheCommandsUseByDefault() throws Exception {
        var proxyFlags = Main.commandLine().getSubcommands().get("standalone").getCommandSpec();
        assertThat(proxyFlags.findOption("--inspect-bind-address").defaultValue())
                .isEqualTo(io.strait.daemon.ProxyOptions.DEFAULT_INSPECT).startsWith("127.0.0.1:");
        for (String command : List.of("status", "connections")) {
            assertThat(Main.commandLine().getSubcommands().get(command).getCommandSpec().findOption("--address").defaultValue())
                    .isEqualTo(io.strait.daemon.ProxyOptions.DEFAULT_INSPECT);
        }
        assertThat(proxyFlags.findOption("--metrics-bind-address").defaultValue()).isNotEqualTo(io.strait.daemon.ProxyOptions.DEFAULT_INSPECT);
        try (Standalone standalone = Standalone.start(dir, options())) {
            assertThat(standalone.awaitApplied(Duration.ofSeconds(20))).isTrue();
            var metrics = standalone.runtime().http().metricsAddress();
            StringWriter err = new StringWriter();
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(err));
            assertThat(cl.execute("connections", "--address", "127.0.0.1:" + metrics.getPort())).isEqualTo(2);
            assertThat(err.toString()).contains("HTTP 404");
        }
    }

    @Test
    void anUnreachableInstanceIsAnErrorNamingTheAddress() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("status", "--address", "127.0.0.1:" + closed)).isEqualTo(2);
        assertThat(err.toString()).contains("cannot reach strait at 127.0.0.1:" + closed);
        assertThat(Map.of("q", InspectEndpoints.param("a=1&service=shop%2Fweb", "service"))).containsEntry("q", "shop/web");
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }
}
