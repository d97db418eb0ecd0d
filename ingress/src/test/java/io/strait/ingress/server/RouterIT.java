package io.strait.ingress.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.strait.ingress.api.IngressClassObject;
import io.strait.ingress.api.IngressObject;
import io.strait.ingress.api.IngressObject.Backend;
import io.strait.ingress.api.IngressObject.Path;
import io.strait.ingress.api.IngressObject.Rule;
import io.strait.ingress.api.Meta;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.compile.IngressCompiler;
import io.strait.ingress.compile.RouteSink;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.testing.EchoBackend;
import io.strait.ingress.testing.RawClient;
import io.strait.ingress.testing.TestCluster;
import io.strait.proxy.dataplane.Transport;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 data path on loopback: routing, keep-alive and pooling, headers, errors, retries, timeouts. */
class RouterIT {
    static final Transport TRANSPORT = Transport.best();
    EventLoopGroup group;
    EchoBackend v1;
    EchoBackend v2;
    EchoBackend silent;
    RouteSink sink;
    IngressServer server;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, TRANSPORT.ioHandlerFactory());
        v1 = new EchoBackend("v1", group, TRANSPORT, false);
        v2 = new EchoBackend("v2", group, TRANSPORT, false);
        silent = new EchoBackend("silent", group, TRANSPORT, true);
        sink = new RouteSink();
        publish(cluster(), ingress("/v1", "v1"), ingress("/v2", "v2"), ingress("/silent", "silent"));
        server = IngressServer.startHttp(new InetSocketAddress("127.0.0.1", 0),
                RouterConfig.DEFAULTS.withResponseTimeout(Duration.ofMillis(500)), group, TRANSPORT, sink::table,
                RouteTable::ingress);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        v1.close();
        v2.close();
        silent.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    TestCluster cluster() {
        return new TestCluster().service("ns", "v1", 80, "http", v1.address())
                .service("ns", "v2", 80, "http", v2.address())
                .service("ns", "silent", 80, "http", silent.address());
    }

    static IngressObject ingress(String path, String service) {
        return new IngressObject(Meta.of("ns", service), null, null,
                List.of(new Rule("app.example", List.of(new Path(path, "Prefix", Backend.service(service, 80))))), List.of());
    }

    void publish(TestCluster cluster, IngressObject... ingresses) {
        RouteTable t = sink.update(new RouteObjects(List.of(), List.of(), List.of(), List.of(),
                List.of(new IngressClassObject("strait", IngressCompiler.CONTROLLER,
                        Map.of(IngressClassObject.DEFAULT_CLASS_ANNOTATION, "true"))), List.of(ingresses), List.of()),
                cluster.state());
        assertThat(t.problems()).isEmpty();
    }

    @Test
    void routesByPathOverOneKeepAliveConnectionAndPoolsBackendConnections() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            for (int i = 0; i < 5; i++) {
                assertThat(c.get("app.example", "/v1/x?i=" + i).backend()).isEqualTo("v1");
                assertThat(c.get("app.example", "/v2").backend()).isEqualTo("v2");
            }
            RawClient.Response r = c.get("app.example", "/v1/echo?q=1");
            assertThat(r.body()).contains("GET /v1/echo?q=1\n").contains("host: app.example\n");
        }
        assertThat(v1.connections.get()).isEqualTo(1);
        assertThat(v2.connections.get()).isEqualTo(1);
    }

    record Measured(io.strait.ingress.route.ObjectRef route, int status, long totalNanos, long upstreamNanos) {}

    @Test
    void recordsEachRequestUnderItsRoute() throws Exception {
        java.util.Queue<Measured> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();
        server.setMetrics(route -> (status, total, upstream) -> seen.add(new Measured(route, status, total, upstream)));
        try (RawClient c = new RawClient(server.port())) {
            c.get("app.example", "/v1");
            c.get("app.example", "/nothing");
            c.get("app.example", "/silent");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
        List<Measured> list = List.copyOf(seen);
        assertThat(list).extracting(Measured::route, Measured::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(new io.strait.ingress.route.ObjectRef("Ingress", "ns", "v1"), 200),
                org.assertj.core.groups.Tuple.tuple(null, 404),
                org.assertj.core.groups.Tuple.tuple(new io.strait.ingress.route.ObjectRef("Ingress", "ns", "silent"), 504));
        assertThat(list.get(0).upstreamNanos()).isPositive().isLessThanOrEqualTo(list.get(0).totalNanos());
        assertThat(list.get(1).upstreamNanos()).isEqualTo(-1);
        assertThat(list.get(2).upstreamNanos()).isEqualTo(-1);
    }

    @Test
    void setsForwardedHeadersAndDropsHopByHop() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.get("app.example", "/v1", "X-Forwarded-For: 203.0.113.9",
                    "Connection: keep-alive, X-Secret", "X-Secret: s", "Keep-Alive: timeout=5");
            assertThat(r.echoed("x-forwarded-for")).isEqualTo("203.0.113.9, 127.0.0.1");
            assertThat(r.echoed("x-forwarded-proto")).isEqualTo("http");
            assertThat(r.echoed("x-secret")).isNull();
            assertThat(r.echoed("keep-alive")).isNull();
        }
    }

    @Test
    void streamsARequestBodyBothFramings() throws Exception {
        byte[] body = new byte[1 << 20];
        new java.util.Random(7).nextBytes(body);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        try (RawClient c = new RawClient(server.port())) {
            c.write(("POST /v1/upload HTTP/1.1\r\nHost: app.example\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            RawClient.Response r = c.send(body);
            assertThat(r.echoed("body-sha256")).isEqualTo(sha);
            c.write("POST /v2/upload HTTP/1.1\r\nHost: app.example\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            c.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            c.write(body);
            RawClient.Response chunked = c.send("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(chunked.backend()).isEqualTo("v2");
            assertThat(chunked.echoed("body-sha256")).isEqualTo(sha);
        }
    }

    @Test
    void noRouteIs404AndTheConnectionStaysUsable() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            assertThat(c.get("app.example", "/nothing").status()).isEqualTo(404);
            assertThat(c.get("other.example", "/v1").status()).isEqualTo(404);
            assertThat(c.get("app.example", "/v1").backend()).isEqualTo("v1");
        }
    }

    @Test
    void malformedRequestsAre400AndClose() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.send("GET /v1 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(r.status()).isEqualTo(400);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.send("GET /v1 HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(r.status()).isEqualTo(400);
        }
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.send("GET /v1 HTTP/1.1\r\nHost app.example\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(r.status()).isEqualTo(400);
        }
    }

    @Test
    void oversizedHeadersAre431() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.get("app.example", "/v1", "X-Big: " + "a".repeat(20_000));
            assertThat(r.status()).isEqualTo(431);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void retriesTheNextEndpointWhenAConnectFails() throws Exception {
        InetSocketAddress dead;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            dead = new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
        publish(new TestCluster().service("ns", "v1", 80, "http", dead, v1.address()), ingress("/v1", "v1"));
        try (RawClient c = new RawClient(server.port())) {
            for (int i = 0; i < 10; i++) {
                assertThat(c.get("app.example", "/v1").status()).isEqualTo(200);
            }
        }
        publish(new TestCluster().service("ns", "v1", 80, "http", dead), ingress("/v1", "v1"));
        try (RawClient c = new RawClient(server.port())) {
            assertThat(c.get("app.example", "/v1").status()).isEqualTo(502);
        }
    }

    @Test
    void aPooledConnectionClosedAsItIsReusedIsRetriedForIdempotentRequests() throws Exception {
        try (EchoBackend once = new EchoBackend("once", group, TRANSPORT, false, 1)) {
            publish(new TestCluster().service("ns", "v1", 80, "http", once.address()), ingress("/v1", "v1"));
            try (RawClient c = new RawClient(server.port())) {
                for (int i = 0; i < 5; i++) {
                    assertThat(c.get("app.example", "/v1").status()).isEqualTo(200);
                }
                RawClient.Response post = c.send(("POST /v1 HTTP/1.1\r\nHost: app.example\r\nContent-Length: 0\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(post.status()).as("POST is not retried").isEqualTo(502);
            }
            assertThat(once.connections.get()).as("one new connection per retried GET").isEqualTo(5);
        }
    }

    @Test
    void aSilentBackendIs504AfterTheResponseTimeout() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.get("app.example", "/silent");
            assertThat(r.status()).isEqualTo(504);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void noReadyEndpointIs503() throws Exception {
        publish(new TestCluster().service("ns", "v1", 80, "http"), ingress("/v1", "v1"));
        try (RawClient c = new RawClient(server.port())) {
            assertThat(c.get("app.example", "/v1").status()).isEqualTo(503);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.write(("GET /v2 HTTP/1.1\r\nHost: app.example\r\n\r\nGET /nothing HTTP/1.1\r\nHost: app.example\r\n\r\n"
                    + "GET /v1 HTTP/1.1\r\nHost: app.example\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(c.read().backend()).isEqualTo("v2");
            assertThat(c.read().status()).isEqualTo(404);
            assertThat(c.read().backend()).isEqualTo("v1");
        }
    }
}
