package io.strait.proxy.dataplane;

import static io.strait.proxy.testing.Clients.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strait.proxy.model.Protocol;
import io.strait.proxy.plan.DataplanePlan;
import io.strait.proxy.plan.Frontend;
import io.strait.proxy.testing.Clients;
import io.strait.proxy.testing.NamedTcpServer;
import io.strait.proxy.testing.NamedUdpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The flow table in the dataplane: bound, idle expiry, drain, passive health. Every transport. */
class DataplaneFlowsIT {
    @BeforeAll
    static void patientAwaits() {
        // on a loaded CI machine 10 s (Awaitility's default) is not always enough; a bound, not a timing assertion
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }

    static Stream<Transport> transports() {
        return Transport.availableTransports().stream();
    }

    static Frontend frontend(Protocol p) throws IOException {
        String ip = DataplaneIT.frontendIp();
        return new Frontend(p, at(ip, DataplaneIT.freePort(ip)));
    }

    /** A connected client that has read the backend's greeting. */
    record Conn(Socket socket, BufferedReader in) implements AutoCloseable {
        static Conn open(Frontend f) throws IOException {
            Socket s = new Socket();
            s.connect(f.address(), 5000);
            s.setSoTimeout(30_000); // a hang guard, not a timing assertion
            return new Conn(s, new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)));
        }

        String greeting() throws IOException {
            return in.readLine();
        }

        String echo(String line) throws IOException {
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            return in.readLine();
        }

        /** Blocks until the proxy ends the connection; true if it did (EOF or reset). */
        boolean endsWithoutInput() {
            try {
                return in.read() == -1;
            } catch (IOException e) {
                return !(e instanceof java.net.SocketTimeoutException);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void everyConnectionIsAFlowWithLiveCounts(Transport t) throws Exception {
        try (var a = NamedTcpServer.start("a", "127.0.0.1"); Dataplane dp = DataplaneIT.dataplane(t)) {
            Frontend f = frontend(Protocol.TCP);
            dp.apply(DataplaneIT.plan(f, DataplaneIT.WEB, List.of(a.address())));
            try (Conn c = Conn.open(f)) {
                assertThat(c.greeting()).isEqualTo("a");
                assertThat(c.echo("hello")).isEqualTo("hello");
                assertThat(dp.flows().activeFlows(a.address())).isEqualTo(1);
                assertThat(dp.flows().snapshot()).singleElement().satisfies(e -> {
                    assertThat(e.protocol()).isEqualTo(io.strait.nat.Protocol.TCP);
                    assertThat(e.frontend()).isEqualTo(f.address());
                    assertThat(e.backend()).isEqualTo(a.address());
                    assertThat(e.client()).isEqualTo(c.socket().getLocalSocketAddress());
                });
            }
            await().untilAsserted(() -> assertThat(dp.flows().size()).isZero());
            assertThat(dp.flows().activeFlows(a.address())).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aFullTableResetsNewConnectionsAndDropsNewUdpFlows(Transport t) throws Exception {
        try (var a = NamedTcpServer.start("a", "127.0.0.1");
             var u = NamedUdpServer.start("u", "127.0.0.1");
             Dataplane dp = new Dataplane(DataplaneConfig.defaults().withTransport(t).withMaxFlows(1))) {
            Frontend f = frontend(Protocol.TCP);
            Frontend g = frontend(Protocol.UDP);
            dp.apply(DataplaneIT.plan(f, DataplaneIT.WEB, List.of(a.address())));
            try (Conn c = Conn.open(f)) {
                assertThat(c.greeting()).isEqualTo("a");
                assertThatThrownBy(() -> {    // the RST may already arrive during connect
                    try (Conn refused = Conn.open(f)) {
                        refused.greeting();
                    }
                }).isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
                await().untilAsserted(() -> assertThat(dp.stats().get(DataplaneIT.WEB).refusedTableFull()).isEqualTo(1));
                dp.apply(new DataplanePlan(java.util.Map.of(
                        f, DataplaneIT.plan(f, DataplaneIT.WEB, List.of(a.address())).routes().get(f),
                        g, DataplaneIT.plan(g, DataplaneIT.DNS, List.of(at("127.0.0.1", u.port()))).routes().get(g)),
                        List.of()));
                try (DatagramSocket d = new DatagramSocket(at("127.0.0.1", 0))) {
                    d.send(new java.net.DatagramPacket(new byte[] {1}, 1, g.address()));
                    await().untilAsserted(() -> assertThat(dp.stats().get(DataplaneIT.DNS).refusedTableFull()).isEqualTo(1));
                }
                assertThat(c.echo("still served")).isEqualTo("still served");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void anIdleTcpConnectionIsClosedAfterTheIdleTimeout(Transport t) throws Exception {
        // long enough that the greeting is surely relayed before the connection counts as idle
        DataplaneConfig config = DataplaneConfig.defaults().withTransport(t).withTcpIdleTimeout(Duration.ofSeconds(2));
        try (var a = NamedTcpServer.start("a", "127.0.0.1"); Dataplane dp = new Dataplane(config)) {
            Frontend f = frontend(Protocol.TCP);
            dp.apply(DataplaneIT.plan(f, DataplaneIT.WEB, List.of(a.address())));
            try (Conn c = Conn.open(f)) {
                assertThat(c.greeting()).isEqualTo("a");
                assertThat(c.endsWithoutInput()).isTrue();
            }
            assertThat(dp.stats().get(DataplaneIT.WEB).idleTimeouts()).isEqualTo(1);
            await().untilAsserted(() -> assertThat(dp.flows().size()).isZero());
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void anIdleUdpFlowLeavesTheTable(Transport t) throws Exception {
        try (var u = NamedUdpServer.start("u", "127.0.0.1");
             Dataplane dp = new Dataplane(DataplaneConfig.defaults().withTransport(t)
                     .withUdpIdleTimeout(Duration.ofSeconds(2)))) {   // the first exchange surely fits in it
            Frontend g = frontend(Protocol.UDP);
            dp.apply(DataplaneIT.plan(g, DataplaneIT.DNS, List.of(at("127.0.0.1", u.port()))));
            try (DatagramSocket d = new DatagramSocket(at("127.0.0.1", 0))) {
                assertThat(Clients.udpName(d, g.address())).isEqualTo("u");
                await().untilAsserted(() -> assertThat(dp.stats().get(DataplaneIT.DNS).idleTimeouts()).isEqualTo(1));
                assertThat(dp.flows().size()).isZero();
                assertThat(Clients.udpName(d, g.address())).isEqualTo("u");   // a new flow
                assertThat(dp.stats().get(DataplaneIT.DNS).udpFlowsCreated()).isEqualTo(2);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void connectionsOfADeletedFrontendDrainThenClose(Transport t) throws Exception {
        // the echo below must be relayed within the grace; the connection is then closed at its end
        DataplaneConfig config = DataplaneConfig.defaults().withTransport(t).withDrainGracePeriod(Duration.ofSeconds(5));
        try (var a = NamedTcpServer.start("a", "127.0.0.1"); Dataplane dp = new Dataplane(config)) {
            Frontend f = frontend(Protocol.TCP);
            dp.apply(DataplaneIT.plan(f, DataplaneIT.WEB, List.of(a.address())));
            PortStats stats = dp.stats().get(DataplaneIT.WEB);
            try (Conn c = Conn.open(f)) {
                assertThat(c.greeting()).isEqualTo("a");
                dp.apply(DataplanePlan.EMPTY);
                assertThat(dp.listening()).isEmpty();
                assertThat(c.echo("draining")).isEqualTo("draining");
                assertThat(c.endsWithoutInput()).isTrue();
            }
            assertThat(stats.drainClosed()).isEqualTo(1);
        }
    }

    /**
     * A connection still connecting to its backend when its frontend is deleted and the drain
     * swept (grace 0) is closed when the connect completes, not relayed. The backend's accept
     * queue is kept full, so the kernel drops the proxy's SYN until a slot frees and the SYN is
     * retransmitted (1 s after the first one, then at growing intervals: 3, 7, 15 s after it by the
     * classic back-off, every second for the first four with tcp_syn_linear_timeouts). The connect
     * timeout is 30 s here, not the default 3 s, so however late this test frees the slot (a loaded
     * machine), a retransmitted SYN still gets in before the proxy gives up.
     */
    @ParameterizedTest
    @MethodSource("transports")
    void aConnectionThatJoinsAfterTheDrainEndedIsClosed(Transport t) throws Exception {
        DataplaneConfig config = withConnectTimeout(
                DataplaneConfig.defaults().withTransport(t).withDrainGracePeriod(Duration.ZERO), 30_000);
        try (java.net.ServerSocket backend = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
             Socket filler1 = new Socket(); Socket filler2 = new Socket(); Dataplane dp = new Dataplane(config)) {
            InetSocketAddress b = (InetSocketAddress) backend.getLocalSocketAddress();
            filler1.connect(b, 2000);
            filler2.connect(b, 2000);                       // backlog 1: the accept queue holds two, now full
            Frontend f = frontend(Protocol.TCP);
            dp.apply(DataplaneIT.plan(f, DataplaneIT.WEB, List.of(b)));
            PortStats stats = dp.stats().get(DataplaneIT.WEB);
            try (Socket client = new Socket()) {
                client.connect(f.address(), 5000);
                client.setSoTimeout(30_000);
                backend.setSoTimeout(30_000);                 // hang guards, not timing assertions
                await().atMost(Duration.ofSeconds(20))        // the proxy accepted it and its connect is pending
                        .until(() -> synSentTo(b.getPort()));
                dp.apply(DataplanePlan.EMPTY);                // deleted, grace 0: the drain sweep runs now
                backend.accept().close();                     // a slot frees; the retransmitted SYN gets in
                backend.accept().close();
                try (Socket late = backend.accept()) {        // the proxy's connection
                    late.getOutputStream().write("late\n".getBytes(StandardCharsets.UTF_8));
                    int first;
                    try {
                        first = client.getInputStream().read();
                    } catch (java.net.SocketException reset) {
                        first = -1;
                    }
                    assertThat(first).as("the client gets nothing from a connection joined after the drain").isEqualTo(-1);
                }
            }
            assertThat(stats.drainClosed()).isEqualTo(1);
            assertThat(stats.accepted()).isZero();
        }
    }

    static DataplaneConfig withConnectTimeout(DataplaneConfig c, int millis) {
        return new DataplaneConfig(c.transport(), c.threads(), millis, c.maxConnectAttempts(), c.udpIdleTimeout(),
                c.tcpIdleTimeout(), c.maxFlows(), c.drainGracePeriod(), c.healthBackoff(), c.splice());
    }

    /**
     * True when some socket is in SYN_SENT towards 127.0.0.1:port (Linux /proc/net/tcp and tcp6:
     * native transports connect from dual-stack sockets, seen there as ::ffff:127.0.0.1).
     */
    static boolean synSentTo(int port) throws IOException {
        String remote = String.format("0100007F:%04X", port);
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            lines.addAll(java.nio.file.Files.readAllLines(java.nio.file.Path.of(table)));
        }
        return lines.stream().map(l -> l.trim().split("\\s+"))
                .anyMatch(c -> c.length > 3 && c[2].endsWith(remote) && c[3].equals("02"));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void anEndpointWhoseConnectsKeepFailingIsSkipped(Transport t) throws Exception {
        int deadPort = DataplaneIT.freePort("127.0.0.1");
        DataplaneConfig config = DataplaneConfig.defaults().withTransport(t).withHealthBackoff(Duration.ofMinutes(5));
        try (var alive = NamedTcpServer.start("alive", "127.0.0.1"); Dataplane dp = new Dataplane(config)) {
            Frontend f = frontend(Protocol.TCP);
            dp.apply(DataplaneIT.plan(f, DataplaneIT.WEB, List.of(at("127.0.0.1", deadPort), alive.address())));
            PortStats stats = dp.stats().get(DataplaneIT.WEB);
            for (int i = 0; i < 8 && stats.endpointsBackedOff() == 0; i++) {
                assertThat(Clients.tcpName(f.address())).isEqualTo("alive");
            }
            assertThat(stats.endpointsBackedOff()).isEqualTo(1);
            long failures = stats.connectFailures();
            for (int i = 0; i < 4; i++) {
                assertThat(Clients.tcpName(f.address())).isEqualTo("alive");
            }
            assertThat(stats.connectFailures()).isEqualTo(failures);
            assertThat(stats.skippedUnhealthy()).isPositive();
        }
    }
}
