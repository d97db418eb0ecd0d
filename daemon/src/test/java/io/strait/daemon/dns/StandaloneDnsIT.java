package io.strait.daemon.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strait.daemon.ProxyOptions;
import io.strait.daemon.standalone.Standalone;
import io.strait.dns.DnsSettings;
import io.strait.dns.zone.PodsMode;
import io.strait.dns.zone.ZoneSettings;
import io.strait.proxy.dataplane.Transport;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standalone mode with --dns-bind-address: the folder's Services answered over UDP, and a folder edit reaching DNS. */
public class StandaloneDnsIT {
    public static final int A = 1;
    private static final int SRV = 33;

    @TempDir
    Path dir;

    public static ProxyOptions options() {
        return new ProxyOptions("node-a", new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0),
                List.of("127.0.0.1/32"), Transport.best(), io.strait.lb.Algorithm.ROUND_ROBIN, Duration.ofMillis(10),
                Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    static DnsSettings dns() {
        // The upstream is never asked (every question is inside the zone); a loopback port keeps traffic local.
        return new DnsSettings(new InetSocketAddress("127.0.0.1", 0),
                new ZoneSettings("cluster.local", 5, PodsMode.parse("insecure")),
                List.of(new InetSocketAddress("127.0.0.1", 9)), DnsSettings.RESOLV_CONF, 1, false);
    }

    @Test
    void servesClusterIpAndHeadlessServicesAndFollowsFolderEdits() throws Exception {
        int port = freePort();
        Files.writeString(dir.resolve("web.yaml"), service("web", "127.0.0.61", port));
        Files.writeString(dir.resolve("db.yaml"), service("db", "None", 5432) + "---\n" + slice("db", "10.244.1.7", 5432));
        try (Standalone standalone = Standalone.start(dir, options(), null, dns())) {
            InetSocketAddress server = standalone.runtime().dns().orElseThrow().address();
            assertThat(standalone.awaitApplied(Duration.ofSeconds(20))).isTrue();

            await().atMost(Duration.ofSeconds(10)).until(() -> answers(server, "web.default.svc.cluster.local", A),
                    a -> a.equals(List.of("127.0.0.61")));
            assertThat(answers(server, "WEB.Default.svc.cluster.local", A)).containsExactly("127.0.0.61");
            assertThat(answers(server, "db.default.svc.cluster.local", A)).containsExactly("10.244.1.7");
            assertThat(answers(server, "_http._tcp.web.default.svc.cluster.local", SRV))
                    .containsExactly("0 100 " + port + " web.default.svc.cluster.local");
            assertThat(answers(server, "_http._tcp.db.default.svc.cluster.local", SRV)).hasSize(1)
                    .allSatisfy(srv -> assertThat(srv).startsWith("0 100 5432 ").endsWith(".db.default.svc.cluster.local"));
            assertThat(rcode(server, "nope.default.svc.cluster.local", A)).isEqualTo(3); // NXDOMAIN

            InetSocketAddress inspect = standalone.runtime().http().inspectAddress();
            String status = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + inspect.getPort() + "/status")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(status).contains("\"dns\":{\"address\":\"127.0.0.1:" + server.getPort() + "\",\"zone\":\"cluster.local\"}");

            Files.writeString(dir.resolve("web.yaml"), service("web", "127.0.0.62", port));
            await().atMost(Duration.ofSeconds(20)).until(() -> answers(server, "web.default.svc.cluster.local", A),
                    a -> a.equals(List.of("127.0.0.62")));
        }
    }

    static String service(String name, String ip, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s}
                spec:
                  clusterIP: %s
                  ports: [{name: http, port: %d}]
                """.formatted(name, ip, port);
    }

    static String slice(String service, String ip, int port) {
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %s-1
                  labels: {kubernetes.io/service-name: %s}
                addressType: IPv4
                ports: [{name: http, port: %d}]
                endpoints: [{addresses: ["%s"]}]
                """.formatted(service, service, port, ip);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static int rcode(InetSocketAddress server, String name, int type) throws Exception {
        return exchange(server, name, type).getShort(2) & 0xF;
    }

    /** The answer section's A addresses or SRV "priority weight port target", in order. */
    public static List<String> answers(InetSocketAddress server, String name, int type) throws Exception {
        ByteBuffer m = exchange(server, name, type);
        int questions = m.getShort(4) & 0xFFFF;
        int count = m.getShort(6) & 0xFFFF;
        m.position(12);
        for (int i = 0; i < questions; i++) {
            readName(m);
            m.position(m.position() + 4);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            readName(m);
            int rrType = m.getShort() & 0xFFFF;
            m.position(m.position() + 6); // class, TTL
            int length = m.getShort() & 0xFFFF;
            int end = m.position() + length;
            if (rrType == A) {
                byte[] ip = new byte[4];
                m.get(ip);
                out.add(InetAddress.getByAddress(ip).getHostAddress());
            } else if (rrType == SRV) {
                out.add((m.getShort() & 0xFFFF) + " " + (m.getShort() & 0xFFFF) + " " + (m.getShort() & 0xFFFF) + " " + readName(m));
            }
            m.position(end);
        }
        return out;
    }

    private static ByteBuffer exchange(InetSocketAddress server, String name, int type) throws Exception {
        ByteArrayOutputStream q = new ByteArrayOutputStream();
        q.writeBytes(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0}); // id, RD, one question
        for (String label : name.split("\\.")) {
            byte[] b = label.getBytes(StandardCharsets.US_ASCII);
            q.write(b.length);
            q.writeBytes(b);
        }
        q.writeBytes(new byte[] {0, (byte) (type >> 8), (byte) type, 0, 1});
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(2000);
            byte[] query = q.toByteArray();
            socket.send(new DatagramPacket(query, query.length, server));
            DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
            socket.receive(reply);
            ByteBuffer m = ByteBuffer.wrap(reply.getData(), 0, reply.getLength());
            assertThat(m.getShort(0)).isEqualTo((short) 0x1234);
            return m;
        }
    }

    /** Reads a possibly compressed name; leaves the buffer after it. */
    private static String readName(ByteBuffer m) {
        StringBuilder name = new StringBuilder();
        int pos = m.position();
        int after = -1;
        while (true) {
            int len = m.get(pos) & 0xFF;
            if ((len & 0xC0) == 0xC0) {
                if (after < 0) {
                    after = pos + 2;
                }
                pos = ((len & 0x3F) << 8) | (m.get(pos + 1) & 0xFF);
                continue;
            }
            if (len == 0) {
                m.position(after < 0 ? pos + 1 : after);
                return name.toString();
            }
            if (!name.isEmpty()) {
                name.append('.');
            }
            for (int i = 0; i < len; i++) {
                name.append((char) m.get(pos + 1 + i));
            }
            pos += len + 1;
        }
    }
}
