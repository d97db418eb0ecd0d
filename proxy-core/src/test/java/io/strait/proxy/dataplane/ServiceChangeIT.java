package io.strait.proxy.dataplane;

import static io.strait.proxy.testing.Clients.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strait.proxy.dataplane.DataplaneFlowsIT.Conn;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServicePortName;
import io.strait.proxy.plan.DataplanePlan;
import io.strait.proxy.plan.Frontend;
import io.strait.proxy.testing.Clients;
import io.strait.proxy.testing.NamedTcpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13, finding 3: a changed Service keeps its established connections, whatever changed (port,
 * ClusterIP, port name, a delete and restore within the drain grace); they stay counted in the
 * port's active connections; only a Service really deleted drains for the grace and then is reset.
 * Each test waits past a short grace before it checks the old connections.
 */
class ServiceChangeIT {
    static final Duration GRACE = Duration.ofMillis(800);
    static final int CONNECTIONS = 5;

    @BeforeAll
    static void patientAwaits() {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30)); // a bound for a loaded machine, not a timing assertion
    }

    static Stream<Transport> transports() {
        return Transport.availableTransports().stream();
    }

    static Dataplane dataplane(Transport t) {
        return new Dataplane(DataplaneConfig.defaults().withTransport(t).withDrainGracePeriod(GRACE));
    }

    static List<Conn> open(Frontend f, int n) throws Exception {
        List<Conn> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Conn c = Conn.open(f);
            assertThat(c.greeting()).isEqualTo("a");
            out.add(c);
        }
        return out;
    }

    static void assertAllServed(List<Conn> conns) throws Exception {
        for (Conn c : conns) {
            assertThat(c.echo("still here")).isEqualTo("still here");
        }
    }

    static void closeAll(List<Conn> conns) throws Exception {
        for (Conn c : conns) {
            c.close();
        }
    }

    static void pastTheGrace() throws InterruptedException {
        Thread.sleep(GRACE.toMillis() * 2 + 400);
    }

    /** The Service moves to another port and to another ClusterIP: old connections stay, new ones follow. */
    @ParameterizedTest
    @MethodSource("transports")
    void portAndClusterIpChangesKeepEstablishedConnections(Transport t) throws Exception {
        try (var a = NamedTcpServer.start("a", "127.0.0.1"); Dataplane dp = dataplane(t)) {
            Frontend before = DataplaneFlowsIT.frontend(Protocol.TCP);
            dp.apply(DataplaneIT.plan(before, DataplaneIT.WEB, List.of(a.address())));
            PortStats stats = dp.stats().get(DataplaneIT.WEB);
            List<Conn> conns = open(before, CONNECTIONS);
            Frontend otherPort = new Frontend(Protocol.TCP, at(before.address().getAddress().getHostAddress(),
                    DataplaneIT.freePort(before.address().getAddress().getHostAddress())));
            dp.apply(DataplaneIT.plan(otherPort, DataplaneIT.WEB, List.of(a.address())));
            assertThat(dp.listening()).containsExactly(otherPort);
            pastTheGrace();
            assertAllServed(conns);
            Frontend otherIp = DataplaneFlowsIT.frontend(Protocol.TCP);
            dp.apply(DataplaneIT.plan(otherIp, DataplaneIT.WEB, List.of(a.address())));
            assertThat(Clients.tcpName(otherIp.address())).isEqualTo("a"); // new connections follow the change
            pastTheGrace();
            assertAllServed(conns);
            assertThat(dp.stats().get(DataplaneIT.WEB)).isSameAs(stats);
            assertThat(stats.active()).isEqualTo(CONNECTIONS);
            assertThat(stats.drainClosed()).isZero();
            closeAll(conns);
            await().untilAsserted(() -> assertThat(stats.active()).isZero());
        }
    }

    /** A renamed port is a new Service port: the old one's connections stay, counted under the old name. */
    @ParameterizedTest
    @MethodSource("transports")
    void aRenamedPortKeepsItsConnectionsCountedUnderTheOldName(Transport t) throws Exception {
        ServicePortName renamed = new ServicePortName(DataplaneIT.WEB.service(), "web", Protocol.TCP);
        try (var a = NamedTcpServer.start("a", "127.0.0.1"); Dataplane dp = dataplane(t)) {
            Frontend f = DataplaneFlowsIT.frontend(Protocol.TCP);
            dp.apply(DataplaneIT.plan(f, DataplaneIT.WEB, List.of(a.address())));
            List<Conn> conns = open(f, CONNECTIONS);
            dp.apply(DataplaneIT.plan(f, renamed, List.of(a.address())));
            pastTheGrace();
            assertAllServed(conns);
            assertThat(dp.stats().get(DataplaneIT.WEB)).as("the old port's figures, while it has connections")
                    .isNotNull().satisfies(s -> assertThat(s.active()).isEqualTo(CONNECTIONS));
            closeAll(conns);
            await().untilAsserted(() -> assertThat(dp.stats().get(DataplaneIT.WEB).active()).isZero());
            dp.apply(DataplaneIT.plan(f, renamed, List.of(a.address())));
            assertThat(dp.stats()).containsOnlyKeys(renamed);
        }
    }

    /** Deleted and restored within the grace: nothing is cut, and the figures carry on in one object. */
    @ParameterizedTest
    @MethodSource("transports")
    void aServiceDeletedAndRestoredWithinTheGraceKeepsItsConnections(Transport t) throws Exception {
        try (var a = NamedTcpServer.start("a", "127.0.0.1"); Dataplane dp = dataplane(t)) {
            Frontend f = DataplaneFlowsIT.frontend(Protocol.TCP);
            DataplanePlan plan = DataplaneIT.plan(f, DataplaneIT.WEB, List.of(a.address()));
            dp.apply(plan);
            PortStats stats = dp.stats().get(DataplaneIT.WEB);
            List<Conn> conns = open(f, CONNECTIONS);
            dp.apply(DataplanePlan.EMPTY);
            assertThat(dp.stats().get(DataplaneIT.WEB)).as("a deleted port's draining connections stay counted")
                    .isSameAs(stats);
            assertThat(stats.active()).isEqualTo(CONNECTIONS);
            dp.apply(plan);
            pastTheGrace();
            assertAllServed(conns);
            assertThat(dp.stats().get(DataplaneIT.WEB)).isSameAs(stats);
            assertThat(stats.active()).isEqualTo(CONNECTIONS);
            assertThat(stats.drainClosed()).isZero();
            closeAll(conns);
        }
    }

    /**
     * Deleted, restored, deleted again: the drain runs from the last deletion (not the first), and
     * when it ends the connections are reset, so the client sees an abort, not a normal end of
     * stream. A longer grace here: the check between the first deletion's would-be deadline and the
     * last one's needs room on a loaded machine (and is skipped if the machine stalled past it).
     */
    @ParameterizedTest
    @MethodSource("transports")
    void aServiceReallyDeletedDrainsFromItsLastDeletionThenResets(Transport t) throws Exception {
        Duration grace = Duration.ofSeconds(3);
        try (var a = NamedTcpServer.start("a", "127.0.0.1");
             Dataplane dp = new Dataplane(DataplaneConfig.defaults().withTransport(t).withDrainGracePeriod(grace))) {
            Frontend f = DataplaneFlowsIT.frontend(Protocol.TCP);
            DataplanePlan plan = DataplaneIT.plan(f, DataplaneIT.WEB, List.of(a.address()));
            dp.apply(plan);
            PortStats stats = dp.stats().get(DataplaneIT.WEB);
            List<Conn> conns = open(f, 2);
            long firstDeletion = System.nanoTime();
            dp.apply(DataplanePlan.EMPTY);
            dp.apply(plan);
            Thread.sleep(2000);
            dp.apply(DataplanePlan.EMPTY);
            long lastDeletion = System.nanoTime();
            Thread.sleep(Math.max(0, (firstDeletion + grace.toNanos() - System.nanoTime()) / 1_000_000 + 500));
            for (Conn c : conns) {
                String echoed = c.echo("after the first deletion's grace");
                if (System.nanoTime() - lastDeletion < grace.toNanos()) {
                    assertThat(echoed).isEqualTo("after the first deletion's grace");
                }
            }
            assertThat(stats.active()).isEqualTo(2);
            for (Conn c : conns) {
                assertThatThrownBy(() -> c.socket().getInputStream().read())
                        .as("the drain's end aborts the connection").isInstanceOf(java.net.SocketException.class)
                        .hasMessageContaining("reset");
            }
            assertThat(stats.drainClosed()).isEqualTo(2);
            await().untilAsserted(() -> assertThat(stats.active()).isZero());
            closeAll(conns);
        }
    }
}
