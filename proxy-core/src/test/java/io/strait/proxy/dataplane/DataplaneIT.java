package io.strait.proxy.dataplane;

import static io.strait.proxy.testing.Clients.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strait.lb.Algorithm;
import io.strait.lb.BalancerSpec;
import io.strait.lb.Endpoint;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePortName;
import io.strait.proxy.plan.DataplanePlan;
import io.strait.proxy.plan.Frontend;
import io.strait.proxy.plan.FrontendKind;

import io.strait.proxy.plan.RouteSpec;
import io.strait.proxy.testing.Clients;
import io.strait.proxy.testing.NamedTcpServer;
import io.strait.proxy.testing.NamedUdpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The dataplane on real loopback sockets, for every transport this machine has. */
class DataplaneIT {
    static final ServicePortName WEB = new ServicePortName(new ServiceName("default", "web"), "http", Protocol.TCP);
    static final ServicePortName DNS = new ServicePortName(new ServiceName("default", "dns"), "dns", Protocol.UDP);

    @BeforeAll
    static void patientAwaits() {
        // on a loaded CI machine 10 s (Awaitility's default) is not always enough; a bound, not a timing assertion
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    static Stream<Transport> transports() {
        return Transport.availableTransports().stream();
    }

    static String frontendIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127.77." + r.nextInt(1, 255) + "." + r.nextInt(1, 255);
    }

    static int freePort(String ip) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.ofLiteral(ip))) {
            return s.getLocalPort();
        }
    }

    static Endpoint ep(InetSocketAddress a) {
        return new Endpoint(a, 1, "node-a", null, true, true, false, Set.of(), Set.of());
    }

    static DataplanePlan plan(Frontend f, ServicePortName svc, List<InetSocketAddress> endpoints) {
        RouteSpec spec = new RouteSpec(svc, FrontendKind.CLUSTER_IP, endpoints.stream().map(DataplaneIT::ep).toList(),
                BalancerSpec.of(Algorithm.ROUND_ROBIN));
        return new DataplanePlan(Map.of(f, spec), List.of());
    }

    /**
     * A dataplane whose UDP flows outlive any stall of a loaded machine: no test here is about expiry
     * (DataplaneFlowsIT's is, with its own config), and some count the flows created.
     */
    static Dataplane dataplane(Transport t) {
        return new Dataplane(DataplaneConfig.defaults().withTransport(t).withUdpIdleTimeout(Duration.ofSeconds(30)));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void tcpRoundRobinReachesEveryEndpoint(Transport t) throws Exception {
        try (var a = NamedTcpServer.start("a", "127.0.0.1");
             var b = NamedTcpServer.start("b", "127.0.0.1");
             var c = NamedTcpServer.start("c", "127.0.0.1");
             Dataplane dp = dataplane(t)) {
            String ip = frontendIp();
            Frontend f = new Frontend(Protocol.TCP, at(ip, freePort(ip)));
            assertThat(dp.apply(plan(f, WEB, List.of(a.address(), b.address(), c.address())))).isEmpty();
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                seen.add(Clients.tcpName(f.address()));
            }
            assertThat(seen).containsOnly("a", "b", "c");
            assertThat(new HashSet<>(seen.subList(0, 3))).hasSize(3);
            assertThat(dp.stats().get(WEB).accepted()).isEqualTo(6);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void noEndpointResetsAtOnce(Transport t) throws Exception {
        try (Dataplane dp = dataplane(t)) {
            String ip = frontendIp();
            Frontend f = new Frontend(Protocol.TCP, at(ip, freePort(ip)));
            dp.apply(plan(f, WEB, List.of()));
            assertThatThrownBy(() -> {            // the RST may already arrive during connect
                try (Socket s = new Socket()) {
                    s.connect(f.address(), 2000);
                    s.setSoTimeout(3000);
                    int r = s.getInputStream().read();
                    if (r == -1) {
                        throw new IOException("orderly close instead of reset");
                    }
                }
            }).isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
            await().untilAsserted(() -> assertThat(dp.stats().get(WEB).refusedNoEndpoint()).isEqualTo(1));
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void connectFailureRetriesAnotherEndpoint(Transport t) throws Exception {
        int deadPort = freePort("127.0.0.1");
        try (var alive = NamedTcpServer.start("alive", "127.0.0.1"); Dataplane dp = dataplane(t)) {
            String ip = frontendIp();
            Frontend f = new Frontend(Protocol.TCP, at(ip, freePort(ip)));
            dp.apply(plan(f, WEB, List.of(at("127.0.0.1", deadPort), alive.address())));
            for (int i = 0; i < 4; i++) {
                assertThat(Clients.tcpName(f.address())).isEqualTo("alive");
            }
            assertThat(dp.stats().get(WEB).connectFailures()).isGreaterThanOrEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void routeSwapKeepsEstablishedConnectionsAndHalfCloseIsPropagated(Transport t) throws Exception {
        try (var a = NamedTcpServer.start("a", "127.0.0.1");
             var b = NamedTcpServer.start("b", "127.0.0.1");
             Dataplane dp = dataplane(t)) {
            String ip = frontendIp();
            Frontend f = new Frontend(Protocol.TCP, at(ip, freePort(ip)));
            dp.apply(plan(f, WEB, List.of(a.address())));
            try (Socket s = new Socket()) {
                s.connect(f.address(), 2000);
                s.setSoTimeout(5000);
                var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("a");
                dp.apply(plan(f, WEB, List.of(b.address())));   // endpoint a removed
                assertThat(Clients.tcpName(f.address())).isEqualTo("b");
                s.getOutputStream().write("still here\n".getBytes(StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("still here");
                s.shutdownOutput();                                // half-close: a sees EOF, answers EOF
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void udpRepliesReachTheRightClientAndFlowsStick(Transport t) throws Exception {
        try (var a = NamedUdpServer.start("a", "127.0.0.1");
             var b = NamedUdpServer.start("b", "127.0.0.1");
             Dataplane dp = dataplane(t)) {
            String ip = frontendIp();
            Frontend f = new Frontend(Protocol.UDP, at(ip, freePort(ip)));
            dp.apply(plan(f, DNS, List.of(at("127.0.0.1", a.port()), at("127.0.0.1", b.port()))));
            try (DatagramSocket c1 = new DatagramSocket(at("127.0.0.1", 0));
                 DatagramSocket c2 = new DatagramSocket(at("127.0.0.1", 0))) {
                String first = Clients.udpName(c1, f.address());
                String second = Clients.udpName(c2, f.address());
                assertThat(Set.of(first, second)).containsExactlyInAnyOrder("a", "b");
                for (int i = 0; i < 3; i++) {
                    assertThat(Clients.udpName(c1, f.address())).isEqualTo(first);
                    assertThat(Clients.udpName(c2, f.address())).isEqualTo(second);
                }
                // endpoint of c1's flow removed: the next datagram goes to the remaining one at once
                InetSocketAddress remaining = at("127.0.0.1", first.equals("a") ? b.port() : a.port());
                dp.apply(plan(f, DNS, List.of(remaining)));
                assertThat(Clients.udpName(c1, f.address())).isEqualTo(second);
            }
            assertThat(dp.stats().get(DNS).udpFlowsCreated()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void largestUdpDatagramPassesIntact(Transport t) throws Exception {
        try (var a = NamedUdpServer.start("a", "127.0.0.1"); Dataplane dp = dataplane(t)) {
            String ip = frontendIp();
            Frontend f = new Frontend(Protocol.UDP, at(ip, freePort(ip)));
            dp.apply(plan(f, DNS, List.of(at("127.0.0.1", a.port()))));
            byte[] payload = new byte[65_507];
            ThreadLocalRandom.current().nextBytes(payload);
            try (DatagramSocket c = new DatagramSocket(at("127.0.0.1", 0))) {
                c.setSoTimeout(3000);
                c.send(new DatagramPacket(payload, payload.length, f.address()));
                byte[] buf = new byte[65_535];
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                c.receive(reply);
                // the backend echoes "a|" + as much of the payload as fits in one datagram
                assertThat(reply.getLength()).isEqualTo(65_507);
                byte[] echoed = java.util.Arrays.copyOfRange(buf, 2, reply.getLength());
                assertThat(echoed).isEqualTo(java.util.Arrays.copyOf(payload, 65_505));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void removedFrontendStopsListeningAndClashingBindIsReported(Transport t) throws Exception {
        try (var a = NamedTcpServer.start("a", "127.0.0.1"); Dataplane dp = dataplane(t)) {
            String ip = frontendIp();
            Frontend f = new Frontend(Protocol.TCP, at(ip, freePort(ip)));
            dp.apply(plan(f, WEB, List.of(a.address())));
            assertThat(dp.listening()).containsExactly(f);
            dp.apply(DataplanePlan.EMPTY);
            assertThat(dp.listening()).isEmpty();
            // NIO closes a selector-registered socket's fd only at the selector's next wake-up
            await().untilAsserted(() -> assertThatThrownBy(() -> Clients.tcpName(f.address()))
                    .isInstanceOf(java.net.ConnectException.class));
            try (ServerSocket squatter = new ServerSocket(0, 1, java.net.InetAddress.ofLiteral("127.0.0.1"))) {
                Frontend taken = new Frontend(Protocol.TCP, at("127.0.0.1", squatter.getLocalPort()));
                var failures = dp.apply(plan(taken, WEB, List.of(a.address())));
                assertThat(failures).singleElement().satisfies(e -> assertThat(e.getMessage())
                        .contains(taken.toString()).contains("default/web"));
            }
        }
    }
}
