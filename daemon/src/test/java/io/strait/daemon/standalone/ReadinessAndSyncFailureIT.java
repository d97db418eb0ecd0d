package io.strait.daemon.standalone;

import static io.strait.proxy.testing.Clients.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strait.allocator.speaker.LoadBalancerSink;
import io.strait.daemon.ProxyOptions;
import io.strait.daemon.ProxyRuntime;
import io.strait.proxy.dataplane.Transport;
import io.strait.proxy.vip.VipManager;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hardening issue: readiness only once serving (finding 8); a sync that throws is reported and retried (finding 4). */
class ReadinessAndSyncFailureIT {
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static ProxyOptions options() {
        return new ProxyOptions("node-a", at("127.0.0.1", 0), at("127.0.0.1", 0), List.of("127.0.0.1/32"),
                Transport.best(), io.strait.lb.Algorithm.ROUND_ROBIN, Duration.ofMillis(10), Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    @Test
    void healthzIsReadyOnlyOnceTheFirstSyncIsAppliedAndItsListenersAreOpen() throws Exception {
        int port = freePort();
        Files.writeString(dir.resolve("web.yaml"), ManifestFolderTest.service("web", "127.0.0.1", port));
        ManifestFolder folder = new ManifestFolder(dir, "node-a", "strait"); // a source, not read yet
        try (ProxyRuntime runtime = new ProxyRuntime(options(), ProxyRuntime.health(options()), folder, null,
                LoadBalancerSink.NONE)) {
            assertThat(status(runtime.http().healthAddress(), "/healthz")).isEqualTo(503);
            assertThat(status(runtime.http().healthAddress(), "/livez")).isEqualTo(200);
            folder.load();
            await().atMost(Duration.ofSeconds(10)).until(() -> status(runtime.http().healthAddress(), "/healthz") == 200);
            try (Socket s = new Socket("127.0.0.1", port)) { // the listener was open when readiness said so
                assertThat(s.isConnected()).isTrue();
            }
        }
    }

    @Test
    void aSyncThatThrowsIsReportedInStatusAndMetricsAndRetriedUntilItSucceeds() throws Exception {
        int port = freePort();
        Files.writeString(dir.resolve("web.yaml"), ManifestFolderTest.service("web", "127.0.0.1", port));
        AtomicBoolean failing = new AtomicBoolean(false);
        VipManager throwing = wanted -> { // the first sink: throws in the sync while failing
            if (failing.get()) {
                throw new StackOverflowError("test: thrown in the sync");
            }
            return List.of();
        };
        try (Standalone standalone = Standalone.start(dir, options(), throwing)) {
            assertThat(standalone.awaitApplied(Duration.ofSeconds(20))).isTrue();
            failing.set(true);
            int next = freePort();
            Files.writeString(dir.resolve("web.yaml"), ManifestFolderTest.service("web", "127.0.0.1", next));
            InetSocketAddress inspect = standalone.runtime().http().inspectAddress();
            await().atMost(Duration.ofSeconds(20)).until(() -> body(inspect, "/status").contains("the sync failed: java.lang.StackOverflowError"));
            assertThat(body(standalone.runtime().http().metricsAddress(), "/metrics")).containsPattern("strait_config_problems [1-9]");
            failing.set(false); // the runner retries on its own: no new change needed
            await().atMost(Duration.ofSeconds(20)).until(() -> !body(inspect, "/status").contains("the sync failed"));
            try (Socket s = new Socket("127.0.0.1", next)) {
                assertThat(s.isConnected()).isTrue();
            }
        }
    }

    private int status(InetSocketAddress a, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String body(InetSocketAddress a, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
