package io.strait.proxy.dataplane;

import static io.strait.proxy.testing.Clients.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strait.lb.Algorithm;
import io.strait.lb.BalancerSpec;
import io.strait.proxy.model.Cidr;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePortName;
import io.strait.proxy.plan.DataplanePlan;
import io.strait.proxy.plan.Frontend;
import io.strait.proxy.plan.FrontendKind;
import io.strait.proxy.plan.ProxyProtocol;
import io.strait.proxy.plan.RouteSpec;
import io.strait.proxy.plan.SourceRanges;
import io.strait.proxy.testing.Clients;
import io.strait.proxy.testing.NamedTcpServer;
import io.strait.proxy.testing.NamedUdpServer;
import io.strait.proxy.testing.ProxyHeaderServer;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Source ranges and the PROXY protocol on real loopback sockets. */
class ExternalTrafficIT {
    private static final ServicePortName WEB = new ServicePortName(new ServiceName("default", "web"), "http", Protocol.TCP);
    private static final ServicePortName DNS = new ServicePortName(new ServiceName("default", "dns"), "dns", Protocol.UDP);

    @BeforeAll
    static void patientAwaits() {
        // on a loaded CI machine 10 s (Awaitility's default) is not always enough; a bound, not a timing assertion
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    static DataplanePlan plan(Frontend f, ServicePortName svc, InetSocketAddress endpoint, SourceRanges ranges,
                              ProxyProtocol header) {
        RouteSpec spec = new RouteSpec(svc, FrontendKind.LOAD_BALANCER_IP, List.of(DataplaneIT.ep(endpoint)),
                BalancerSpec.of(Algorithm.ROUND_ROBIN), ranges, header);
        return new DataplanePlan(Map.of(f, spec), List.of());
    }

    static Socket from(String clientIp, InetSocketAddress target) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.ofLiteral(clientIp), 0));
        s.connect(target, 3000);
        s.setSoTimeout(5000);
        return s;
    }

    static String firstLine(Socket s) throws IOException {
        return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream())).readLine();
    }

    @Test
    void tcpClientOutsideTheRangesIsResetAndCounted() throws Exception {
        try (var backend = NamedTcpServer.start("a", "127.0.0.1");
             Dataplane dp = new Dataplane(DataplaneConfig.defaults())) {
            String ip = DataplaneIT.frontendIp();
            Frontend f = new Frontend(Protocol.TCP, at(ip, DataplaneIT.freePort(ip)));
            assertThat(dp.apply(plan(f, WEB, backend.address(), SourceRanges.only(List.of(Cidr.parse("127.0.0.2/32"))),
                    ProxyProtocol.NONE))).isEmpty();
            try (Socket allowed = from("127.0.0.2", f.address())) {
                assertThat(firstLine(allowed)).isEqualTo("a");
            }
            // the RST may already arrive while connect() returns, or at the first read
            assertThatThrownBy(() -> {
                try (Socket refused = from("127.0.0.3", f.address())) {
                    refused.getInputStream().read();
                }
            }).isInstanceOf(java.net.SocketException.class);
            // the counter may be bumped just after the client saw the reset
            Awaitility.await().untilAsserted(() ->
                    assertThat(dp.stats().get(WEB).refusedSourceRange()).isEqualTo(1));
            assertThat(backend.accepted()).isEqualTo(1);
        }
    }

    @Test
    void udpDatagramsOutsideTheRangesAreDropped() throws Exception {
        try (var backend = NamedUdpServer.start("u", "127.0.0.1");
             Dataplane dp = new Dataplane(DataplaneConfig.defaults())) {
            String ip = DataplaneIT.frontendIp();
            Frontend f = new Frontend(Protocol.UDP, at(ip, DataplaneIT.freePort(ip)));
            dp.apply(plan(f, DNS, at("127.0.0.1", backend.port()), SourceRanges.only(List.of(Cidr.parse("127.0.0.2/32"))),
                    ProxyProtocol.NONE));
            try (DatagramSocket ok = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.2"), 0));
                 DatagramSocket no = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.3"), 0))) {
                assertThat(Clients.udpName(ok, f.address())).isEqualTo("u");
                no.setSoTimeout(300);
                no.send(new java.net.DatagramPacket(new byte[] {1}, 1, f.address()));
                assertThatThrownBy(() -> no.receive(new java.net.DatagramPacket(new byte[16], 16)))
                        .isInstanceOf(java.net.SocketTimeoutException.class);
            }
            // the 300 ms above may pass before the event loop even saw the datagram: wait for its count
            Awaitility.await().untilAsserted(() ->
                    assertThat(dp.stats().get(DNS).refusedSourceRange()).isEqualTo(1));
        }
    }

    @Test
    void backendSeesTheRealClientThroughProxyProtocolV1AndV2() throws Exception {
        for (ProxyProtocol version : List.of(ProxyProtocol.V1, ProxyProtocol.V2)) {
            try (var backend = ProxyHeaderServer.start("127.0.0.1");
                 Dataplane dp = new Dataplane(DataplaneConfig.defaults())) {
                String ip = DataplaneIT.frontendIp();
                Frontend f = new Frontend(Protocol.TCP, at(ip, DataplaneIT.freePort(ip)));
                dp.apply(plan(f, WEB, backend.address(), SourceRanges.ANY, version));
                try (Socket client = from("127.0.0.9", f.address())) {
                    client.getOutputStream().write("hello\n".getBytes());
                    String seen = firstLine(client);
                    assertThat(seen).isEqualTo(version + " 127.0.0.9:" + client.getLocalPort()
                            + " -> " + ip + ":" + f.address().getPort() + " | hello");
                }
            }
        }
    }
}
