package io.strait.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.proxy.health.ProxyHealth;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health, metrics and inspection servers on real loopback sockets: no client can starve a
 * probe (finding 1 of the hardening issue), exact paths, GET/HEAD only, bounded headers, and a
 * connection that does not finish its request is closed.
 */
class HttpEndpointsIT {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    private final List<Socket> sockets = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HttpEndpoints http;

    @BeforeEach
    void start() {
        ProxyHealth health = new ProxyHealth(Clock.systemUTC(), Duration.ofMinutes(1));
        health.updated(Instant.now());
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("strait_test_total").help("test").register(registry).inc();
        http = new HttpEndpoints(ANY, ANY, ANY, health, registry);
        http.serveJson("/status", q -> "{\"query\":\"" + q + "\"}");
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        http.close();
        client.close();
    }

    @Test
    void twoHalfSentRequestsDoNotDelayTheProbes() throws Exception {
        for (InetSocketAddress target : List.of(http.healthAddress(), http.healthAddress(),
                http.metricsAddress(), http.metricsAddress())) {
            Socket s = new Socket(target.getAddress(), target.getPort());
            sockets.add(s);
            s.getOutputStream().write("GET /livez HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        }
        Thread.sleep(200); // let the server start reading them
        for (int i = 0; i < 3; i++) {
            assertThat(get(http.healthAddress(), "/livez").statusCode()).isEqualTo(200);
            assertThat(get(http.healthAddress(), "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(http.metricsAddress(), "/livez").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void onlyExactPathsAnswer() throws Exception {
        assertThat(get(http.healthAddress(), "/healthzXYZ").statusCode()).isEqualTo(404);
        assertThat(get(http.healthAddress(), "/livez/x").statusCode()).isEqualTo(404);
        assertThat(get(http.healthAddress(), "/").statusCode()).isEqualTo(404);
        assertThat(get(http.healthAddress(), "/metrics").statusCode()).isEqualTo(404);
        assertThat(get(http.healthAddress(), "/healthz?verbose").statusCode()).isEqualTo(200);
        assertThat(get(http.metricsAddress(), "/metricsfoo").statusCode()).isEqualTo(404);
        assertThat(get(http.metricsAddress(), "/metrics").body()).contains("strait_test_total 1");
    }

    @Test
    void onlyGetAndHeadAreAllowed() throws Exception {
        for (String method : List.of("POST", "DELETE", "PUT", "PATCH", "OPTIONS")) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(http.healthAddress(), "/healthz"))
                    .method(method, HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(uri(http.metricsAddress(), "/metrics"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void inspectionIsServedOnItsOwnAddressOnly() throws Exception {
        assertThat(http.inspectAddress().getPort()).isNotIn(http.metricsAddress().getPort(), http.healthAddress().getPort());
        assertThat(get(http.inspectAddress(), "/status?a=b").body()).isEqualTo("{\"query\":\"a=b\"}");
        assertThat(get(http.metricsAddress(), "/status").statusCode()).isEqualTo(404);
        assertThat(get(http.healthAddress(), "/status").statusCode()).isEqualTo(404);
        assertThat(get(http.inspectAddress(), "/metrics").statusCode()).isEqualTo(404);
    }

    @Test
    void anOversizedHeaderIsRefused() throws Exception {
        String answer = raw(http.healthAddress(), "GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431");
    }

    @Test
    void aConnectionThatNeverFinishesItsRequestIsClosed() throws Exception {
        http.close();
        ProxyHealth health = new ProxyHealth(Clock.systemUTC(), Duration.ofMinutes(1));
        http = new HttpEndpoints(ANY, ANY, ANY, health, new PrometheusRegistry(), Duration.ofMillis(300));
        try (Socket s = new Socket(http.healthAddress().getAddress(), http.healthAddress().getPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /livez HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) { // dripping bytes does not keep it open
                Thread.sleep(50);
                try {
                    out.write('X');
                } catch (IOException closed) {
                    break;
                }
            }
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        } catch (java.net.SocketException reset) {
            // closed while we wrote: as good as the EOF
        }
    }

    /** A graceful stop closes the runtime and then its owner closes it again (the JDK server allowed it). */
    @Test
    void closingTwiceIsHarmless() {
        http.close();
        http.close();
    }

    private HttpResponse<String> get(InetSocketAddress a, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(a, path)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(InetSocketAddress a, String path) {
        return URI.create("http://127.0.0.1:" + a.getPort() + path);
    }

    private static String raw(InetSocketAddress a, String request) throws IOException {
        try (Socket s = new Socket(a.getAddress(), a.getPort())) {
            s.setSoTimeout(3_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(64), StandardCharsets.US_ASCII);
        }
    }
}
