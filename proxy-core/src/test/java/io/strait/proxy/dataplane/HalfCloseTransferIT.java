package io.strait.proxy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A side that half-closes first still gets every byte of the other direction, on every transport.
 *
 * <p>The case that broke: the client ends its request (FIN) before the response starts, then reads
 * the response slower than the backend sends it. On epoll (Netty 4.2.18) the proxy's client channel
 * then has no interest left once its input is shut (no EPOLLIN, EPOLLRDHUP cleared), Netty removes
 * it from epoll, and the first write the client socket cannot take asks for EPOLLOUT with an
 * EPOLL_CTL_MOD that fails with ENOENT: Netty shuts the output and drops what was queued, so the
 * client got a truncated response or a reset ({@link EpollInterest}).
 */
class HalfCloseTransferIT {
    private static final long MIB = 1024 * 1024;

    @ParameterizedTest
    @MethodSource("io.strait.proxy.dataplane.DataplaneTransferIT#variants")
    void aClientThatEndsItsRequestFirstGetsTheWholeResponse(DataplaneTransferIT.Variant v) throws Exception {
        // 16 MiB is more than the client's receive buffer, the proxy's send buffer and its water mark hold together
        try (var backend = BulkServer.respondingAfterRequest(16 * MIB); Dataplane dp = new Dataplane(v.config())) {
            var f = DataplaneTransferIT.tcpFrontend();
            dp.apply(DataplaneIT.plan(f, DataplaneIT.WEB, List.of(backend.address())));
            PortStats stats = dp.stats().get(DataplaneIT.WEB);
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(64 * 1024);
                s.connect(f.address(), 5000);
                s.setSoTimeout(60_000); // a hang guard for the reads, not a timing assertion
                // sent only once the relay is joined: bytes and FIN that arrive before the backend connect
                // completes are another case (on epoll Netty reads them on EPOLLRDHUP before the relay exists)
                await().until(() -> dp.flows().size() == 1);
                String request = BulkServer.sendFrom(s, 1024); // the request, then FIN
                assertThat(backend.receivedDigest.get(60, TimeUnit.SECONDS)).isEqualTo(request);
                // the client does not read yet: the proxy must queue the response up to its high water mark
                // (when the proxy lost the connection instead, the flow is gone and the digest below differs)
                await().atMost(Duration.ofSeconds(60)).until(() -> stats.peakPendingWriteBytes()
                        >= TcpFrontend.WATER_MARK.high() || dp.flows().size() == 0);
                assertThat(BulkServer.drain(s)).isEqualTo(backend.sentDigest.get(60, TimeUnit.SECONDS));
            }
            await().untilAsserted(() -> assertThat(stats.bytesToClients()).isEqualTo(16 * MIB));
            await().untilAsserted(() -> assertThat(dp.flows().size()).isZero());
        }
    }
}
