package io.strait.daemon.kubernetes;

import static io.strait.daemon.kubernetes.Objects.service;
import static io.strait.daemon.kubernetes.Objects.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.strait.allocator.k8s.MockApiServer;
import io.strait.proxy.sync.SyncResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kubernetes mode against fabric8's mock API server in CRUD mode, with real loopback traffic. */
class KubernetesProxyTest {
    private static KubernetesMockServer server;
    private static KubernetesClient admin;
    private TcpForwarder forwarder;
    private KubernetesClient client;
    private KubernetesProxy proxy;
    private final AtomicReference<SyncResult> firstSync = new AtomicReference<>();

    @BeforeAll
    static void apiServer() {
        server = MockApiServer.start();
        admin = server.createClient();
    }

    @AfterAll
    static void stopApiServer() {
        admin.close();
        MockApiServer.destroy(server);
    }

    @BeforeEach
    void startForwarder() throws IOException {
        forwarder = new TcpForwarder(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort()));
        forwarder.start();
    }

    private void startProxy() throws InterruptedException {
        Config config = Config.empty();
        config.setMasterUrl("http://127.0.0.1:" + forwarder.port());
        config.setWatchReconnectInterval(50);
        config.setWatchReconnectLimit(-1);
        config.setRequestRetryBackoffInterval(50);
        config.setRequestRetryBackoffLimit(3);
        client = new KubernetesClientBuilder().withConfig(config).build();
        proxy = KubernetesProxy.start(client, Objects.options(), null);
        assertThat(proxy.awaitSynced(Duration.ofSeconds(20))).isTrue();
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (client != null) {
            client.close();
        }
        forwarder.close();
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).ignoreExceptions();
    }

    private static Set<String> answers(String ip, int port, int n) throws IOException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            seen.add(Backend.ask(ip, port));
        }
        return seen;
    }

    @Test
    void headlessServicesSlicesReachTheSnapshotForDnsButNoListener() throws Exception {
        startProxy();
        admin.services().resource(service("t9", "db", "None", 5432)).create();
        var slice = slice("t9", "db-1", "db", 5432, "127.78.9.1");
        slice.getMetadata().setLabels(java.util.Map.of("kubernetes.io/service-name", "db", KubernetesSource.HEADLESS_LABEL, "")); // as the EndpointSlice controller labels it
        admin.discovery().v1().endpointSlices().resource(slice).create();
        var db = new io.strait.proxy.model.ServiceName("t9", "db");
        eventually().untilAsserted(() -> assertThat(proxy.runtime().sync().lastResult().state().slicesOf(db)).hasSize(1));
        assertThat(proxy.runtime().sync().lastResult().plan().routes().values())
                .noneSatisfy(r -> assertThat(r.service().service()).isEqualTo(db)); // the Planner skips headless Services
    }

    @Test
    void trafficFollowsServiceAndSliceChanges() throws Exception {
        startProxy();
        try (Backend b1 = new Backend("127.78.1.1", 0, "b1"); Backend b2 = new Backend("127.78.1.2", b1.port(), "b2")) {
            int port = b1.port();
            admin.services().resource(service("t1", "web", "127.77.1.1", 8080)).create();
            admin.discovery().v1().endpointSlices().resource(slice("t1", "web-1", "web", port, "127.78.1.1")).create();
            eventually().untilAsserted(() -> assertThat(Backend.ask("127.77.1.1", 8080)).isEqualTo("b1"));

            admin.discovery().v1().endpointSlices().resource(slice("t1", "web-1", "web", port, "127.78.1.1", "127.78.1.2")).update();
            eventually().untilAsserted(() -> assertThat(answers("127.77.1.1", 8080, 4)).containsExactlyInAnyOrder("b1", "b2"));

            admin.discovery().v1().endpointSlices().resource(slice("t1", "web-1", "web", port, "127.78.1.2")).update();
            eventually().untilAsserted(() -> assertThat(answers("127.77.1.1", 8080, 6)).containsExactly("b2"));

            admin.services().inNamespace("t1").withName("web").delete();
            eventually().untilAsserted(() -> assertThatThrownBy(() -> Backend.ask("127.77.1.1", 8080))
                    .isInstanceOf(ConnectException.class));
        }
    }

    @Test
    void firstSyncHoldsEverythingListedAndInvalidObjectsAreSkippedByName() throws Exception {
        admin.services().resource(service("t2", "a", "127.77.2.1", 80)).create();
        admin.services().resource(service("t2", "b", "127.77.2.2", 80)).create();
        var bad = service("t2", "bad", "127.77.2.3", 80);
        bad.getSpec().getPorts().getFirst().setPort(0);
        admin.services().resource(bad).create();
        startProxy();
        eventually().until(() -> proxy.runtime().sync().firstResult() != null);
        firstSync.set(proxy.runtime().sync().firstResult());
        assertThat(firstSync.get().state().services().keySet()).extracting(Object::toString)
                .contains("t2/a", "t2/b").doesNotContain("t2/bad");
        assertThat(proxy.source().problems()).anySatisfy(p -> assertThat(p)
                .startsWith("Service t2/bad: spec.ports[0].port: must be between 1 and 65535"));
    }

    @Test
    void trafficKeepsFlowingWhileTheApiServerIsAwayAndChangesApplyAfter() throws Exception {
        startProxy();
        try (Backend b1 = new Backend("127.78.3.1", 0, "b1"); Backend b2 = new Backend("127.78.3.2", b1.port(), "b2")) {
            int port = b1.port();
            admin.services().resource(service("t3", "web", "127.77.3.1", 8080)).create();
            admin.discovery().v1().endpointSlices().resource(slice("t3", "web-1", "web", port, "127.78.3.1")).create();
            eventually().untilAsserted(() -> assertThat(Backend.ask("127.77.3.1", 8080)).isEqualTo("b1"));

            forwarder.stop();
            admin.discovery().v1().endpointSlices().resource(slice("t3", "web-1", "web", port, "127.78.3.2")).update();
            assertThat(answers("127.77.3.1", 8080, 5)).containsExactly("b1");
            assertThat(proxy.runtime().health().healthy()).isTrue();

            forwarder.start();
            eventually().untilAsserted(() -> assertThat(answers("127.77.3.1", 8080, 3)).containsExactly("b2"));
        }
    }

    @Test
    void stopClosesListenersAndLetsEstablishedConnectionsFinish() throws Exception {
        startProxy();
        try (EchoServer echo = new EchoServer("127.78.6.1")) {
            admin.services().resource(service("t6", "echo", "127.77.6.1", 8080)).create();
            admin.discovery().v1().endpointSlices().resource(slice("t6", "echo-1", "echo", echo.port(), "127.78.6.1")).create();
            Socket established = eventually().until(() -> {
                Socket s = new Socket("127.77.6.1", 8080);
                s.setSoTimeout(5000);
                return roundTrip(s, "ping") ? s : null;
            }, java.util.Objects::nonNull);
            KubernetesProxy stopping = proxy;
            proxy = null;
            CompletableFuture<Long> stopped = CompletableFuture.supplyAsync(() -> {
                try {
                    return stopping.stop(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            eventually().untilAsserted(() -> assertThatThrownBy(() -> new Socket("127.77.6.1", 8080).close())
                    .isInstanceOf(ConnectException.class));
            assertThat(roundTrip(established, "still here")).isTrue();
            assertThat(stopped).isNotDone();
            established.close();
            assertThat(stopped.get(20, TimeUnit.SECONDS)).as("connections cut at the end").isZero();
        }
    }

    private static boolean roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] expected = (text + "\n").getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.equals(s.getInputStream().readNBytes(expected.length), expected);
    }

    @Test
    void nodeLabelsAndDeletionReachStateAndHealth() throws Exception {
        startProxy();
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1")
                .withLabels(Map.of("topology.kubernetes.io/zone", "z1")).endMetadata().build()).create();
        admin.services().resource(service("t4", "a", "127.77.4.1", 80)).create();
        eventually().untilAsserted(() -> assertThat(proxy.runtime().sync().lastResult().state().node().zone()).isEqualTo("z1"));
        assertThat(proxy.runtime().health().healthy()).isTrue();
        admin.nodes().withName("node-1").delete(); // CRUD mode drops a patched deletionTimestamp
        eventually().until(() -> !proxy.runtime().health().healthy());
        assertThat(proxy.runtime().health().live()).isTrue();
    }

    @Test
    void metricsShowPendingChangesProgrammingLatencyAndHealthAnswers() throws Exception {
        startProxy();
        admin.services().resource(service("t5", "a", "127.77.5.1", 80)).create();
        admin.discovery().v1().endpointSlices().resource(slice("t5", "a-1", "a", 8080, "127.78.5.1")).create();
        var http = HttpClient.newHttpClient();
        var health = proxy.runtime().http().healthAddress();
        var healthz = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.getPort() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(healthz.statusCode()).isEqualTo(200);
        var metrics = URI.create("http://127.0.0.1:" + proxy.runtime().http().metricsAddress().getPort() + "/metrics");
        eventually().untilAsserted(() -> {
            String body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("strait_sync_proxy_rules_service_changes_pending 0")
                    .contains("strait_sync_proxy_rules_endpoint_changes_pending 0")
                    .containsPattern("strait_network_programming_duration_seconds_count [1-9]")
                    .contains("strait_proxy_healthz_total{code=\"200\"} 1");
        });
    }
}
