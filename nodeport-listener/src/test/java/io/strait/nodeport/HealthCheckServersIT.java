package io.strait.nodeport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strait.proxy.model.ServiceName;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Health-check node port servers on real loopback sockets. */
class HealthCheckServersIT {
    static final ServiceName WEB = new ServiceName("shop", "web");
    static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    static final HttpClient http = HttpClient.newHttpClient();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    static HttpResponse<String> get(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersWithTheCountAndFollowsTheDesiredMap() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (HealthCheckServers servers = new HealthCheckServers(healthy::get)) {
            int port = freePort();
            assertThat(servers.sync(List.of(LOOPBACK), Map.of(port, new ServiceHealth(WEB, 2)))).isEmpty();
            HttpResponse<String> ok = get(port);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("X-Load-Balancing-Endpoint-Weight")).contains("2");
            assertThat(ok.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(ok.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(ok.body()).contains("\"namespace\": \"shop\"", "\"name\": \"web\"", "\"localEndpoints\": 2");

            servers.sync(List.of(LOOPBACK), Map.of(port, new ServiceHealth(WEB, 0)));
            HttpResponse<String> none = get(port);
            assertThat(none.statusCode()).isEqualTo(503);
            assertThat(none.body()).contains("\"localEndpoints\": 0", "\"serviceProxyHealthy\": true");

            servers.sync(List.of(LOOPBACK), Map.of(port, new ServiceHealth(WEB, 1)));
            healthy.set(false);
            assertThat(get(port).statusCode()).isEqualTo(503);

            servers.sync(List.of(LOOPBACK), Map.of());
            assertThat(servers.open()).isEmpty();
            assertThatThrownBy(() -> get(port)).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aPortAlreadyBoundIsReportedAndRetried() throws Exception {
        try (HealthCheckServers servers = new HealthCheckServers(() -> true)) {
            int port;
            try (ServerSocket squatter = new ServerSocket(0, 1, LOOPBACK)) {
                port = squatter.getLocalPort();
                assertThat(servers.sync(List.of(LOOPBACK), Map.of(port, new ServiceHealth(WEB, 1))))
                        .singleElement().asString()
                        .contains("Service shop/web", "spec.healthCheckNodePort", "127.0.0.1:" + port);
                assertThat(servers.open()).isEmpty();
            }
            assertThat(servers.sync(List.of(LOOPBACK), Map.of(port, new ServiceHealth(WEB, 1)))).isEmpty();
            assertThat(get(port).statusCode()).isEqualTo(200);
        }
    }

    /** Hardening issue, finding 1: two half-sent requests held every health-check node port (2 threads). */
    @Test
    void halfSentRequestsDoNotStallTheHealthCheck() throws Exception {
        try (HealthCheckServers servers = new HealthCheckServers(() -> true)) {
            int port = freePort();
            servers.sync(List.of(LOOPBACK), Map.of(port, new ServiceHealth(WEB, 1)));
            List<java.net.Socket> slow = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    java.net.Socket s = new java.net.Socket(LOOPBACK, port);
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    slow.add(s);
                }
                Thread.sleep(200);
                HttpClient client = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/any/path"))
                            .timeout(java.time.Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.body()).contains("\"localEndpoints\": 1");
                }
            } finally {
                for (java.net.Socket s : slow) {
                    s.close();
                }
            }
        }
    }
}
