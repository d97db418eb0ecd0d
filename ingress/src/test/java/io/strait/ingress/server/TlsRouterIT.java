package io.strait.ingress.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.strait.ingress.api.IngressClassObject;
import io.strait.ingress.api.IngressObject;
import io.strait.ingress.api.IngressObject.Backend;
import io.strait.ingress.api.IngressObject.Path;
import io.strait.ingress.api.IngressObject.Rule;
import io.strait.ingress.api.Meta;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.api.TlsSecretObject;
import io.strait.ingress.compile.IngressCompiler;
import io.strait.ingress.compile.RouteSink;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.testing.EchoBackend;
import io.strait.ingress.testing.H2Client;
import io.strait.ingress.testing.TestCluster;
import io.strait.proxy.dataplane.Transport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS by SNI from kubernetes.io/tls Secrets (certificates generated at test time), a certificate
 * change without restart, HTTP/2 over ALPN and h2c by prior knowledge with Netty's own client.
 */
class TlsRouterIT {
    static final Transport TRANSPORT = Transport.best();
    EventLoopGroup group;
    EchoBackend v1;
    EchoBackend v2;
    RouteSink sink;
    IngressServer https;
    IngressServer http;
    SelfSignedCertificate foo;
    SelfSignedCertificate wild;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, TRANSPORT.ioHandlerFactory());
        v1 = new EchoBackend("foo-bar-com", group, TRANSPORT, false);
        v2 = new EchoBackend("wildcard", group, TRANSPORT, false);
        foo = new SelfSignedCertificate("foo.bar.com");
        wild = new SelfSignedCertificate("any.wild.example");
        sink = new RouteSink();
        publish(foo);
        https = IngressServer.startHttps(new InetSocketAddress("127.0.0.1", 0), RouterConfig.DEFAULTS, group, TRANSPORT,
                sink::table, RouteTable::ingress, 0);
        http = IngressServer.startHttp(new InetSocketAddress("127.0.0.1", 0), RouterConfig.DEFAULTS, group, TRANSPORT,
                sink::table, RouteTable::ingress);
    }

    @AfterEach
    void stop() throws Exception {
        https.close();
        http.close();
        v1.close();
        v2.close();
        foo.delete();
        wild.delete();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    static TlsSecretObject secret(String name, SelfSignedCertificate c) throws Exception {
        return new TlsSecretObject(Meta.of("ns", name), TlsSecretObject.TLS_TYPE, Files.readAllBytes(c.certificate().toPath()),
                Files.readAllBytes(c.privateKey().toPath()));
    }

    void publish(SelfSignedCertificate fooCert) throws Exception {
        IngressObject ing = new IngressObject(Meta.of("ns", "host-rules"), null, null, List.of(
                new Rule("foo.bar.com", List.of(new Path("/", "Prefix", Backend.service("foo-bar-com", 80)))),
                new Rule("*.wild.example", List.of(new Path("/", "Prefix", Backend.service("wildcard", 80))))),
                List.of(new IngressObject.Tls(List.of("foo.bar.com"), "foo-tls"),
                        new IngressObject.Tls(List.of("*.wild.example"), "wild-tls")));
        TestCluster cluster = new TestCluster().service("ns", "foo-bar-com", 80, "http", v1.address())
                .service("ns", "wildcard", 80, "http", v2.address());
        RouteTable t = sink.update(new RouteObjects(List.of(), List.of(), List.of(), List.of(),
                List.of(new IngressClassObject("strait", IngressCompiler.CONTROLLER,
                        Map.of(IngressClassObject.DEFAULT_CLASS_ANNOTATION, "true"))), List.of(ing),
                List.of(secret("foo-tls", fooCert), secret("wild-tls", wild))), cluster.state());
        assertThat(t.problems()).isEmpty();
    }

    /** Connects with this SNI name, sends one HTTP/1.1 GET; returns the server certificate and the response head. */
    record Result(X509Certificate certificate, String response) {}

    Result https11(String sni) throws Exception {
        X509Certificate[] seen = new X509Certificate[1];
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain[0];
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", https.port())) {
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(sni)));
            s.setSSLParameters(p);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + sni + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new Result(seen[0], new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void certificateBySniAndHttpsRouting() throws Exception {
        Result r = https11("foo.bar.com");
        assertThat(r.certificate()).isEqualTo(foo.cert());
        assertThat(r.response()).startsWith("HTTP/1.1 200").contains("x-backend: foo-bar-com")
                .contains("x-forwarded-proto: https").contains("host: foo.bar.com");
        Result w = https11("a.wild.example");
        assertThat(w.certificate()).isEqualTo(wild.cert());
        assertThat(w.response()).contains("x-backend: wildcard");
    }

    @Test
    void aChangedSecretAppliesToNewConnectionsWithoutRestart() throws Exception {
        assertThat(https11("foo.bar.com").certificate()).isEqualTo(foo.cert());
        SelfSignedCertificate renewed = new SelfSignedCertificate("foo.bar.com");
        try {
            publish(renewed);
            assertThat(https11("foo.bar.com").certificate()).isEqualTo(renewed.cert()).isNotEqualTo(foo.cert());
        } finally {
            renewed.delete();
        }
    }

    @Test
    void http2OverAlpnAndH2cPriorKnowledge() throws Exception {
        try (H2Client c = new H2Client(group, TRANSPORT, https.port(), "foo.bar.com")) {
            assertThat(c.alpn()).isEqualTo("h2");
            for (int i = 0; i < 3; i++) {
                H2Client.Response r = c.get("foo.bar.com", "/x" + i);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.backend()).isEqualTo("foo-bar-com");
                assertThat(r.body()).contains("GET /x" + i + "\n").contains("x-forwarded-proto: https");
            }
            assertThat(c.get("nowhere.example", "/").status()).isEqualTo(404);
            byte[] body = new byte[12_000];
            new java.util.Random(3).nextBytes(body);
            H2Client.Response post = c.post("foo.bar.com", "/upload", body);
            assertThat(post.status()).isEqualTo(200);
            assertThat(post.body()).contains("POST /upload\n").contains("body-sha256: " + java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body)));
        }
        assertThat(v1.connections.get()).as("h2 streams reuse one pooled backend connection").isEqualTo(1);
        try (H2Client c = new H2Client(group, TRANSPORT, http.port(), null)) {
            H2Client.Response r = c.get("b.wild.example", "/h2c");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.backend()).isEqualTo("wildcard");
            assertThat(r.body()).contains("host: b.wild.example").contains("x-forwarded-proto: http\n");
        }
    }
}
