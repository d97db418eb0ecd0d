package io.strait.allocator.l2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ArpResponderTest {
    static final byte[] OURS = {2, 0, 0, 0, 0, 1};
    static final byte[] CLIENT = {2, 0, 0, 0, 0, 9};

    static final class FakeLink implements Link {
        final LinkedBlockingQueue<byte[]> in = new LinkedBlockingQueue<>();
        final List<ArpPacket> out = new CopyOnWriteArrayList<>();

        public byte[] mac() {
            return OURS.clone();
        }

        public String name() {
            return "fake0";
        }

        public int receive(byte[] buffer) throws java.io.IOException {
            try {
                byte[] f = in.poll(20, TimeUnit.MILLISECONDS);
                if (f == null) {
                    return 0;
                }
                System.arraycopy(f, 0, buffer, 0, f.length);
                return f.length;
            } catch (InterruptedException e) {
                throw new java.io.IOException(e);
            }
        }

        public void send(byte[] frame) {
            out.add(ArpPacket.parse(frame, frame.length));
        }

        public void close() {}
    }

    static byte[] request(String target) {
        return new ArpPacket(ArpPacket.BROADCAST, CLIENT, ArpPacket.REQUEST, CLIENT, InetAddress.ofLiteral("10.0.0.100"),
                new byte[6], InetAddress.ofLiteral(target)).encode();
    }

    @Test
    void answersOnlyForAnnouncedAddressesAndAnnouncesGratuitouslyOnTakeover() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        FakeLink link = new FakeLink();
        try (ArpResponder r = new ArpResponder(link, scheduler, Duration.ofMillis(1), 3)) {
            r.announce(Set.of(InetAddress.ofLiteral("10.0.0.50")));
            await().atMost(Duration.ofSeconds(5)).until(() -> r.gratuitousSent() == 3);
            assertThat(link.out).allSatisfy(p -> assertThat(p.isGratuitous()).isTrue());
            link.out.clear();
            link.in.add(request("10.0.0.51"));
            link.in.add(request("10.0.0.50"));
            await().atMost(Duration.ofSeconds(5)).until(() -> r.repliesSent() == 1);
            ArpPacket reply = link.out.getFirst();
            assertThat(reply.op()).isEqualTo(ArpPacket.REPLY);
            assertThat(reply.senderIp()).isEqualTo(InetAddress.ofLiteral("10.0.0.50"));
            assertThat(reply.senderMac()).isEqualTo(OURS);
            assertThat(reply.ethDst()).isEqualTo(CLIENT);
            r.announce(Set.of(InetAddress.ofLiteral("10.0.0.52")));          // .50 is no longer ours
            link.in.add(request("10.0.0.50"));
            link.in.add(request("10.0.0.52"));  // answered after the one above was ignored
            await().atMost(Duration.ofSeconds(5)).until(() -> r.repliesSent() == 2);
            assertThat(link.out.stream().filter(p -> p.op() == ArpPacket.REPLY).map(ArpPacket::senderIp))
                    .containsExactly(InetAddress.ofLiteral("10.0.0.50"), InetAddress.ofLiteral("10.0.0.52"));
        } finally {
            scheduler.shutdownNow();
        }
    }
}
