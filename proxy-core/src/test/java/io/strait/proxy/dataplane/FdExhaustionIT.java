package io.strait.proxy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strait.proxy.dataplane.DataplaneFlowsIT.Conn;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.plan.Frontend;
import io.strait.proxy.testing.Clients;
import io.strait.proxy.testing.NamedTcpServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13, findings 2 and 8 (dataplane part): with the process out of file descriptors, new
 * connections are refused and counted, the listener stays open, established connections keep
 * running, and the endpoint is not put in back-off for the proxy's own EMFILE. The test takes every
 * free descriptor of its JVM (which runs the proxy), then frees them one at a time: the first goes
 * to the client's socket (so the proxy's accept fails), the next to the proxy's accept (so its
 * connect to the endpoint fails).
 */
class FdExhaustionIT {
    @BeforeAll
    static void patientAwaits() throws Exception {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30)); // a bound for a loaded machine, not a timing assertion
        loadDataplaneClasses();
    }

    /**
     * Loads now every class the dataplane may need while descriptors are gone: here the dataplane,
     * nat-table and lb-algorithms classes come from directories, one file opened per class, which
     * fails under EMFILE and poisons that class for the rest of the JVM (from the shipped jar, which
     * stays open, they load without a descriptor).
     */
    static void loadDataplaneClasses() throws Exception {
        for (Class<?> anchor : List.of(Dataplane.class, io.strait.nat.FlowTable.class, io.strait.lb.Balancer.class)) {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!java.nio.file.Files.isDirectory(root)) {
                continue;
            }
            Path dir = root.resolve(anchor.getPackageName().replace('.', '/'));
            try (var files = java.nio.file.Files.walk(dir)) {
                for (Path p : files.toList()) {
                    String name = root.relativize(p).toString();
                    if (name.endsWith(".class") && !name.endsWith("package-info.class")) {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false,
                                FdExhaustionIT.class.getClassLoader());
                    }
                }
            }
        }
    }

    static Stream<Transport> transports() {
        return Transport.availableTransports().stream();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void outOfDescriptorsRefusesNewConnectionsAndKeepsWhatRuns(Transport t) throws Exception {
        try (var a = NamedTcpServer.start("a", "127.0.0.1"); Dataplane dp = DataplaneIT.dataplane(t)) {
            Frontend f = DataplaneFlowsIT.frontend(Protocol.TCP);
            dp.apply(DataplaneIT.plan(f, DataplaneIT.WEB, List.of(a.address())));
            PortStats stats = dp.stats().get(DataplaneIT.WEB);
            try (Conn established = Conn.open(f)) {
                assertThat(established.greeting()).isEqualTo("a");
                List<FileChannel> fillers = takeEveryDescriptor();
                try {
                    fillers.removeLast().close();              // for the client's socket
                    try (Socket refused = new Socket()) {
                        refused.connect(f.address(), 5000);    // the kernel completes it into the backlog
                        await().untilAsserted(() -> assertThat(stats.refusedNoDescriptors()).isPositive());
                        assertThat(dp.listening()).contains(f);
                        assertThat(established.echo("during")).isEqualTo("during");
                        fillers.removeLast().close();          // for the proxy's accept: none left to connect with
                        refused.setSoTimeout(30_000);          // a hang guard, not a timing assertion
                        assertThatThrownBy(() -> refused.getInputStream().read())
                                .isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
                    }
                } finally {
                    for (FileChannel c : fillers) {
                        c.close();
                    }
                }
                assertThat(stats.refusedNoDescriptors()).isGreaterThanOrEqualTo(2);
                assertThat(stats.connectFailures()).as("the endpoint is not blamed").isZero();
                assertThat(stats.endpointsBackedOff()).isZero();
                assertThat(established.echo("after")).isEqualTo("after");
                assertThat(Clients.tcpName(f.address())).isEqualTo("a");
                assertThat(dp.listening()).contains(f);
            }
        }
    }

    /** A new UDP flow that finds no descriptor for its socket: its datagram is dropped and counted. */
    @ParameterizedTest
    @MethodSource("transports")
    void outOfDescriptorsDropsNewUdpFlowsAndKeepsServing(Transport t) throws Exception {
        try (var u = io.strait.proxy.testing.NamedUdpServer.start("u", "127.0.0.1");
             Dataplane dp = DataplaneIT.dataplane(t);
             java.net.DatagramSocket client = new java.net.DatagramSocket(Clients.at("127.0.0.1", 0))) {
            Frontend g = DataplaneFlowsIT.frontend(Protocol.UDP);
            dp.apply(DataplaneIT.plan(g, DataplaneIT.DNS, List.of(Clients.at("127.0.0.1", u.port()))));
            PortStats stats = dp.stats().get(DataplaneIT.DNS);
            List<FileChannel> fillers = takeEveryDescriptor();
            try {
                client.send(new java.net.DatagramPacket(new byte[] {1}, 1, g.address()));
                await().untilAsserted(() -> assertThat(stats.refusedNoDescriptors()).isEqualTo(1));
                assertThat(stats.udpDatagramsDropped()).isEqualTo(1);
            } finally {
                for (FileChannel c : fillers) {
                    c.close();
                }
            }
            await().untilAsserted(() -> assertThat(stats.udpFlowsActive()).isZero());
            assertThat(Clients.udpName(client, g.address())).isEqualTo("u");
            assertThat(dp.listening()).contains(g);
        }
    }

    /** Opens /dev/null until the process limit is reached; returns what it opened. */
    static List<FileChannel> takeEveryDescriptor() throws IOException {
        List<FileChannel> out = new ArrayList<>();
        Path devNull = Path.of("/dev/null");
        try {
            for (int i = 0; i < 1_000_000; i++) {
                out.add(FileChannel.open(devNull));
            }
        } catch (IOException e) {
            if (!FdExhaustion.is(e)) {
                for (FileChannel c : out) {
                    c.close();
                }
                throw e;
            }
        }
        return out;
    }
}
