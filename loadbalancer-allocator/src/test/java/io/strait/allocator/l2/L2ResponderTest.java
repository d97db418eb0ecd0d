package io.strait.allocator.l2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The responder on a fake link, for ARP and NDP: answers only for its set, announces on takeover. */
class L2ResponderTest {
    static final byte[] OURS = {2, 0, 0, 0, 0, 1};
    static final byte[] CLIENT = {2, 0, 0, 0, 0, 9};

    static final class FakeLink implements Link {
        final LinkedBlockingQueue<byte[]> in = new LinkedBlockingQueue<>();
        final List<byte[]> out = new CopyOnWriteArrayList<>();
        final List<String> groups = new CopyOnWriteArrayList<>();

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
            out.add(frame);
        }

        public void joinGroup(Inet6Address group) {
            groups.add("+" + group.getHostAddress());
        }

        public void leaveGroup(Inet6Address group) {
            groups.add("-" + group.getHostAddress());
        }

        public void close() {}

        List<ArpPacket> arp() {
            return out.stream().map(f -> ArpPacket.parse(f, f.length)).toList();
        }

        List<NdpPacket> ndp() {
            return out.stream().map(f -> NdpPacket.parse(f, f.length).orElseThrow()).toList();
        }
    }

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final FakeLink link = new FakeLink();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    static byte[] arpRequest(String target) {
        return new ArpPacket(ArpPacket.BROADCAST, CLIENT, ArpPacket.REQUEST, CLIENT, InetAddress.ofLiteral("10.0.0.100"),
                new byte[6], InetAddress.ofLiteral(target)).encode();
    }

    static Inet6Address v6(String literal) {
        return (Inet6Address) InetAddress.ofLiteral(literal);
    }

    static byte[] solicitation(String source, String target) {
        return NdpPacket.solicitation(CLIENT, v6(source), v6(target)).encode();
    }

    @Test
    void arpAnswersOnlyForAnnouncedAddressesAndAnnouncesGratuitouslyOnTakeover() {
        try (L2Responder r = new L2Responder(link, L2Protocol.ARP, scheduler, Duration.ofMillis(1), 3)) {
            r.announce(Set.of(InetAddress.ofLiteral("10.0.0.50")));
            await().atMost(Duration.ofSeconds(20)).until(() -> r.announcementsSent() == 3);
            assertThat(link.arp()).allSatisfy(p -> assertThat(p.isGratuitous()).isTrue());
            assertThat(link.groups).isEmpty();
            link.out.clear();
            link.in.add(arpRequest("10.0.0.51"));
            link.in.add(arpRequest("10.0.0.50"));
            await().atMost(Duration.ofSeconds(20)).until(() -> r.repliesSent() == 1);
            ArpPacket reply = link.arp().getFirst();
            assertThat(reply.op()).isEqualTo(ArpPacket.REPLY);
            assertThat(reply.senderIp()).isEqualTo(InetAddress.ofLiteral("10.0.0.50"));
            assertThat(reply.senderMac()).isEqualTo(OURS);
            assertThat(reply.ethDst()).isEqualTo(CLIENT);
            r.announce(Set.of(InetAddress.ofLiteral("10.0.0.52")));          // .50 is no longer ours
            link.in.add(arpRequest("10.0.0.50"));
            link.in.add(arpRequest("10.0.0.52"));  // answered after the one above was ignored
            await().atMost(Duration.ofSeconds(20)).until(() -> r.repliesSent() == 2);
            assertThat(link.arp().stream().filter(p -> p.op() == ArpPacket.REPLY).map(ArpPacket::senderIp))
                    .containsExactly(InetAddress.ofLiteral("10.0.0.50"), InetAddress.ofLiteral("10.0.0.52"));
        }
    }

    @Test
    void ndpAnswersSolicitationsForAnnouncedAddressesAndAdvertisesOnTakeover() {
        try (L2Responder r = new L2Responder(link, L2Protocol.NDP, scheduler, Duration.ofMillis(1), 3)) {
            r.announce(Set.of(v6("fd00::50")));
            assertThat(link.groups).containsExactly("+ff02:0:0:0:0:1:ff00:50");
            await().atMost(Duration.ofSeconds(20)).until(() -> r.announcementsSent() == 3);
            assertThat(link.ndp()).allSatisfy(p -> {
                assertThat(p.type()).isEqualTo(NdpPacket.ADVERTISEMENT);
                assertThat(p.flags()).isEqualTo(NdpPacket.OVERRIDE);
                assertThat(p.destination()).isEqualTo(v6("ff02::1"));
                assertThat(p.target()).isEqualTo(v6("fd00::50"));
                assertThat(p.linkLayer()).isEqualTo(OURS);
            });
            link.out.clear();
            link.in.add(solicitation("fd00::100", "fd00::51"));
            link.in.add(solicitation("fd00::100", "fd00::50"));
            link.in.add(solicitation("::", "fd00::50"));                      // duplicate address detection
            await().atMost(Duration.ofSeconds(20)).until(() -> r.repliesSent() == 2);
            NdpPacket solicited = link.ndp().getFirst();
            assertThat(solicited.flags()).isEqualTo(NdpPacket.SOLICITED | NdpPacket.OVERRIDE);
            assertThat(solicited.destination()).isEqualTo(v6("fd00::100"));
            assertThat(solicited.ethDst()).isEqualTo(CLIENT);
            assertThat(solicited.source()).isEqualTo(v6("fd00::50"));
            NdpPacket defended = link.ndp().get(1);
            assertThat(defended.flags()).isEqualTo(NdpPacket.OVERRIDE);
            assertThat(defended.destination()).isEqualTo(v6("ff02::1"));

            r.announce(Set.of(v6("fd00::52"), v6("fd01::52")));                // one group for both
            assertThat(link.groups).containsExactly("+ff02:0:0:0:0:1:ff00:50", "-ff02:0:0:0:0:1:ff00:50",
                    "+ff02:0:0:0:0:1:ff00:52");
            link.in.add(solicitation("fd00::100", "fd00::50"));
            link.in.add(solicitation("fd00::100", "fd00::52"));
            await().atMost(Duration.ofSeconds(20)).until(() -> r.repliesSent() == 3);
            assertThat(link.ndp().stream().filter(p -> (p.flags() & NdpPacket.SOLICITED) != 0).map(NdpPacket::target))
                    .containsExactly(v6("fd00::50"), v6("fd00::52"));
        }
    }

    @Test
    void anAddressOfTheOtherFamilyIsRefused() {
        try (L2Responder r = new L2Responder(link, L2Protocol.NDP, scheduler, Duration.ofMillis(1), 0)) {
            assertThatThrownBy(() -> r.announce(Set.of(InetAddress.ofLiteral("10.0.0.1"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NDP on fake0");
        }
    }
}
