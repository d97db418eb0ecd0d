package io.strait.proxy.dataplane;

import io.strait.proxy.model.Protocol;
import io.strait.proxy.plan.Frontend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * On-demand measurement (issue 13, finding 5), not a test: the process's resident memory before
 * and after N one-datagram UDP flows through one frontend, on one transport. Each flow comes from
 * its own client address (a socket opened, used for one datagram and closed) and stays in the proxy
 * until the (long) idle timeout. Prints flows created, dropped and RSS.
 *
 * <pre>
 * ./mvnw -q -o -pl proxy-core -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp proxy-core/target/test-classes:proxy-core/target/classes:$(cat proxy-core/target/cp.txt) \
 *     io.strait.proxy.dataplane.UdpFlowMemory io_uring 15000
 * </pre>
 * Each flow holds one descriptor in the proxy (mind {@code ulimit -n}); clients use addresses in
 * 127.2.0.0/16. Issue 13's figures (15,200 flows): io_uring UDP sockets +400 KiB per flow
 * (165 → 6,026 MiB), UDP on epoll loops under io_uring +5.2 KiB, epoll +6.0 KiB.
 */
public final class UdpFlowMemory {
    private UdpFlowMemory() {}

    public static void main(String[] args) throws Exception {
        Transport transport = Transport.select(args.length > 0 ? args[0] : "auto");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 15_000;
        DataplaneConfig config = DataplaneConfig.defaults().withTransport(transport)
                .withUdpIdleTimeout(Duration.ofMinutes(10));
        try (DatagramChannel backend = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             Dataplane dp = new Dataplane(config)) {
            Thread.ofPlatform().daemon().start(() -> echo(backend));
            Frontend f = new Frontend(Protocol.UDP, new InetSocketAddress("127.0.0.1", DataplaneIT.freePort("127.0.0.1")));
            dp.apply(DataplaneIT.plan(f, DataplaneIT.DNS, List.of((InetSocketAddress) backend.getLocalAddress())));
            send(f.address(), 0, 200); // warm-up: event loops, pools, JIT
            settle(dp, 200);
            long before = rssKiB();
            send(f.address(), 200, n);
            settle(dp, n + 200);
            long after = rssKiB();
            PortStats s = dp.stats().get(DataplaneIT.DNS);
            n = (int) s.udpFlowsCreated() - 200;
            System.out.printf("%s: %d flows created (%d active), %d datagrams dropped; RSS %d MiB -> %d MiB"
                            + " (+%.1f KiB per flow)%n", transport.wireName(), s.udpFlowsCreated(), s.udpFlowsActive(),
                    s.udpDatagramsDropped(), before / 1024, after / 1024, (after - before) / (double) n);
        }
    }

    /** Datagrams from clients first..first+flows-1, paced so the frontend's receive buffer never overflows. */
    private static void send(InetSocketAddress to, int first, int flows) throws IOException, InterruptedException {
        ByteBuffer one = ByteBuffer.allocate(32);
        for (int i = first; i < first + flows; i++) {
            try (DatagramChannel c = DatagramChannel.open().bind(client(i))) {
                c.send(one.clear(), to);
            }
            if (i % 500 == 499) {
                Thread.sleep(20);
            }
        }
    }

    /**
     * The address of client i: its own loopback IP (127.2.0.0/16), so no two clients share an
     * address (ephemeral ports of closed sockets are reused, which would merge their flows).
     */
    static InetSocketAddress client(int i) {
        return new InetSocketAddress("127.2." + ((i >> 8) & 255) + "." + (i & 255), 0);
    }

    /** Waits until the dataplane saw every datagram (created or dropped a flow), at most 60 s. */
    private static void settle(Dataplane dp, int flows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        PortStats s = dp.stats().get(DataplaneIT.DNS);
        while (s.udpFlowsCreated() + s.udpDatagramsDropped() + s.refusedTableFull() < flows
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(2000); // replies in flight
        System.gc();
        Thread.sleep(500);
    }

    private static void echo(DatagramChannel backend) {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        try {
            while (true) {
                buf.clear();
                var from = backend.receive(buf);
                buf.flip();
                backend.send(buf, from);
            }
        } catch (IOException closed) {
            // done
        }
    }

    static long rssKiB() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1);
    }
}
