package io.strait.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.dns.DnsRecordType;
import io.strait.dns.ClusterDns;
import io.strait.dns.metrics.CountingDnsMetrics;
import io.strait.dns.zone.Clusters;
import io.strait.dns.zone.ZoneSettings;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.EndpointPort;
import io.strait.proxy.model.Protocol;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server on real loopback sockets: UDP, TCP, truncation and the TCP retry, backpressure. */
class DnsServerIT {
    final CountingDnsMetrics metrics = new CountingDnsMetrics();
    DnsServer server;

    static EndpointAddress[] endpoints(int n) {
        return IntStream.range(0, n).mapToObj(i -> Clusters.endpoint("10.5." + (i / 250) + "." + (i % 250 + 1), null, true))
                .toArray(EndpointAddress[]::new);
    }

    @BeforeEach
    void start() throws InterruptedException {
        ClusterDns dns = new ClusterDns(ZoneSettings.defaults());
        dns.update(new Clusters()
                .clusterIp("shop", "web", List.of("10.96.0.10"), Clusters.port("http", Protocol.TCP, 80))
                .headless("shop", "big", false, List.of(new EndpointPort("p", Protocol.TCP, 1)), endpoints(100))
                .headless("shop", "medium", false, List.of(), endpoints(60))
                .state());
        server = DnsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1,
                new QueryEngine(dns, null, metrics), metrics);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Messages.Decoded udp(InetSocketAddress server, byte[] query) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(5000);
            s.send(new DatagramPacket(query, query.length, server));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return Messages.decode(Arrays.copyOf(buf, p.getLength()));
        }
    }

    /** As a stub resolver does: retry on timeout (the server may still be working through a flood's backlog). */
    static Messages.Decoded udpWithRetries(InetSocketAddress server, byte[] query) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return udp(server, query);
            } catch (java.net.SocketTimeoutException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    static Messages.Decoded tcp(InetSocketAddress server, byte[] query) throws IOException {
        try (Socket s = new Socket(server.getAddress(), server.getPort())) {
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeShort(query.length);
            out.write(query);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] buf = new byte[in.readUnsignedShort()];
            in.readFully(buf);
            return Messages.decode(buf);
        }
    }

    @Test
    void answersOverUdpAndTcpOnTheSamePort() throws IOException {
        byte[] q = Messages.query(1, "web.shop.svc.cluster.local.", DnsRecordType.A, 0);
        assertThat(udp(server.address(), q).answers()).containsExactly("web.shop.svc.cluster.local. A 5 10.96.0.10");
        assertThat(tcp(server.address(), q).answers()).containsExactly("web.shop.svc.cluster.local. A 5 10.96.0.10");
    }

    @Test
    void anAnswerTooBigForUdpIsTruncatedAndComesWholeOverTcp() throws IOException {
        Messages.Decoded plain = udp(server.address(), Messages.query(2, "medium.shop.svc.cluster.local.", DnsRecordType.A, 0));
        assertThat(plain.truncated()).as("60 A records exceed 512 bytes").isTrue();
        assertThat(plain.answers()).isEmpty();
        Messages.Decoded edns = udp(server.address(), Messages.query(3, "medium.shop.svc.cluster.local.", DnsRecordType.A, 4096));
        assertThat(edns.truncated()).as("they fit in EDNS0's 1232").isFalse();
        assertThat(edns.answers()).hasSize(60);
        Messages.Decoded big = udp(server.address(), Messages.query(4, "big.shop.svc.cluster.local.", DnsRecordType.A, 4096));
        assertThat(big.truncated()).isTrue();
        Messages.Decoded retry = tcp(server.address(), Messages.query(4, "big.shop.svc.cluster.local.", DnsRecordType.A, 4096));
        assertThat(retry.truncated()).isFalse();
        assertThat(retry.answers()).hasSize(100);
    }

    @Test
    void additionalRecordsThatDoNotFitAreDroppedWithoutTruncation() throws IOException {
        Messages.Decoded srv = udp(server.address(), Messages.query(5, "_p._tcp.big.shop.svc.cluster.local.", DnsRecordType.SRV, 0));
        assertThat(srv.truncated()).isTrue(); // 100 SRV records do not fit in 512 bytes
        Messages.Decoded overTcp = tcp(server.address(), Messages.query(5, "_p._tcp.big.shop.svc.cluster.local.", DnsRecordType.SRV, 0));
        assertThat(overTcp.answers()).hasSize(100);
        assertThat(overTcp.additional()).hasSize(100);
    }

    @Test
    void aTcpClientThatNeverReadsIsThrottledNotBuffered() throws Exception {
        byte[] q = Messages.query(6, "big.shop.svc.cluster.local.", DnsRecordType.A, 0);
        ByteBuffer frame = ByteBuffer.allocate(q.length + 2).putShort((short) q.length).put(q).flip();
        long limit = 64L << 20;
        long written = 0;
        try (SocketChannel ch = SocketChannel.open(server.address())) {
            ch.configureBlocking(false);
            int stalls = 0;
            while (written < limit && stalls < 200) {
                ByteBuffer f = frame.duplicate();
                while (f.hasRemaining()) {
                    int n = ch.write(f);
                    if (n == 0) {
                        if (++stalls >= 200) {
                            break;
                        }
                        Thread.sleep(10);
                    } else {
                        written += n;
                        stalls = 0;
                    }
                }
            }
            // each ~47-byte query asks for a ~1.6 KB answer: a server that read on while the client
            // never reads would buffer gigabytes; this one stops reading and the client's writes stall
            assertThat(written).isLessThan(limit);
        }
        assertThat(udpWithRetries(server.address(), Messages.query(7, "web.shop.svc.cluster.local.", DnsRecordType.A, 0)).answers())
                .hasSize(1);
    }

    @Test
    void aUdpFloodFromOneSourceLeavesTheServerAnswering() throws IOException {
        byte[] q = Messages.query(8, "big.shop.svc.cluster.local.", DnsRecordType.A, 4096);
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < 50_000; i++) {
                s.send(new DatagramPacket(q, q.length, server.address())); // never read: replies are lost
            }
            assertThat(udpWithRetries(server.address(), Messages.query(9, "web.shop.svc.cluster.local.", DnsRecordType.A, 0)).answers())
                    .hasSize(1);
        }
        assertThat(metrics.count("dropped/error")).isZero();
    }
}
