package io.strait.proxy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strait.proxy.dataplane.DataplaneFlowsIT.Conn;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.plan.Frontend;
import io.strait.proxy.testing.NamedTcpServer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13, finding 8: a connection the proxy cuts because it stops ends with a reset on both
 * sides, so neither the client nor the backend takes it for a complete stream (a FIN would read as
 * a normal end of a response).
 */
class ConnectionAbortIT {
    static Stream<Transport> transports() {
        return Transport.availableTransports().stream();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void connectionsCutByShutdownAreResetNotFinished(Transport t) throws Exception {
        try (var a = NamedTcpServer.start("a", "127.0.0.1")) {
            Dataplane dp = DataplaneIT.dataplane(t);
            Frontend f = DataplaneFlowsIT.frontend(Protocol.TCP);
            dp.apply(DataplaneIT.plan(f, DataplaneIT.WEB, List.of(a.address())));
            try (Conn c = Conn.open(f)) {
                assertThat(c.greeting()).isEqualTo("a");
                assertThat(c.echo("before")).isEqualTo("before");
                dp.close();
                assertThatThrownBy(() -> c.socket().getInputStream().read())
                        .isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
            }
        }
    }
}
