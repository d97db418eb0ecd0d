package io.strait.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DnsRecordType;
import io.strait.dns.ClusterDns;
import io.strait.dns.metrics.CountingDnsMetrics;
import io.strait.dns.zone.Clusters;
import io.strait.dns.zone.ZoneSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's rcodes and header bits for each kind of query, read back with Netty's decoder. */
class QueryEngineTest {
    final CountingDnsMetrics metrics = new CountingDnsMetrics();
    final QueryEngine engine = engine(metrics);

    static QueryEngine engine(CountingDnsMetrics metrics) {
        ClusterDns dns = new ClusterDns(ZoneSettings.defaults());
        dns.update(Clusters.sample());
        return new QueryEngine(dns, null, metrics);
    }

    /** The response bytes, or null when the engine dropped the message. */
    byte[] ask(byte[] message, boolean tcp) {
        List<byte[]> out = new ArrayList<>();
        ByteBuf in = Unpooled.wrappedBuffer(message);
        engine.handle(in, tcp, ByteBufAllocator.DEFAULT, b -> {
            out.add(ByteBufUtil.getBytes(b));
            b.release();
        });
        assertThat(out).hasSizeLessThanOrEqualTo(1);
        return out.isEmpty() ? null : out.getFirst();
    }

    Messages.Decoded decoded(byte[] message) {
        return Messages.decode(ask(message, false));
    }

    @Test
    void answersFromTheZoneAuthoritativelyEchoingTheQuestionAsSpelled() {
        Messages.Decoded r = decoded(Messages.query(7, "Web.SHOP.svc.cluster.local.", DnsRecordType.A, 0));
        assertThat(r.id()).isEqualTo(7);
        assertThat(r.rcode()).isEqualTo("NoError");
        assertThat(r.authoritative()).isTrue();
        assertThat(r.question()).containsExactly("Web.SHOP.svc.cluster.local. A");
        // the owner name points at the question (compression), so it keeps the client's spelling, as in BIND
        assertThat(r.answers()).containsExactly("Web.SHOP.svc.cluster.local. A 5 10.96.0.10");
        assertThat(metrics.count("answered/A/NOERROR/ZONE")).isEqualTo(1);
    }

    @Test
    void nxdomainAndNodataCarryTheSoa() {
        Messages.Decoded nx = decoded(Messages.query(1, "nope.shop.svc.cluster.local.", DnsRecordType.A, 0));
        assertThat(nx.rcode()).isEqualTo("NXDomain");
        assertThat(nx.authority()).containsExactly(
                "cluster.local. SOA 5 ns.dns.cluster.local. hostmaster.cluster.local.");
        Messages.Decoded nodata = decoded(Messages.query(2, "web.shop.svc.cluster.local.", DnsRecordType.MX, 0));
        assertThat(nodata.rcode()).isEqualTo("NoError");
        assertThat(nodata.answers()).isEmpty();
        assertThat(nodata.authority()).hasSize(1);
    }

    @Test
    void srvAnswersCarryTheTargetsAddresses() {
        Messages.Decoded r = decoded(Messages.query(3, "_https._tcp.headless.default.svc.cluster.local.", DnsRecordType.SRV, 0));
        assertThat(r.answers()).hasSize(3).allMatch(a -> a.contains(" SRV 5 0 33 8443 "));
        assertThat(r.additional()).contains("my-pet.headless.default.svc.cluster.local. A 5 10.3.0.100");
    }

    @Test
    void ednsIsEchoedWithOurPayloadSize() {
        Messages.Decoded r = decoded(Messages.query(4, "web.shop.svc.cluster.local.", DnsRecordType.AAAA, 4096));
        assertThat(r.answers()).containsExactly("web.shop.svc.cluster.local. AAAA 5 fd00:0:0:0:0:0:0:10");
        assertThat(r.additional()).containsExactly("OPT payload=1232 ttl=0");
    }

    @Test
    void refusesAnyZoneTransfersOtherClassesAndOutsideNamesWithoutUpstream() {
        assertThat(decoded(Messages.query(5, "web.shop.svc.cluster.local.", DnsRecordType.ANY, 0)).rcode()).isEqualTo("NotImp");
        assertThat(decoded(Messages.query(5, "cluster.local.", DnsRecordType.AXFR, 0)).rcode()).isEqualTo("Refused");
        assertThat(decoded(Messages.query(5, "example.org.", DnsRecordType.A, 0)).rcode()).isEqualTo("Refused");
        byte[] chaos = Messages.query(6, "version.bind.", DnsRecordType.TXT, 0);
        chaos[chaos.length - 1] = 3; // class CH
        assertThat(decoded(chaos).rcode()).isEqualTo("Refused");
    }

    @Test
    void otherOpcodesAreNotImplementedAndNewerEdnsVersionsAreBadvers() {
        byte[] status = Messages.query(8, "web.shop.svc.cluster.local.", DnsRecordType.A, 0);
        status[2] = (byte) (status[2] | (2 << 3)); // opcode STATUS
        assertThat(decoded(status).rcode()).isEqualTo("NotImp");
        byte[] v1 = ask(Messages.query(9, "web.shop.svc.cluster.local.", DnsRecordType.A, 1232, 1L << 16), false);
        assertThat(v1[3] & 0xf).as("header rcode: low bits of BADVERS (16)").isZero();
        assertThat(Messages.decode(v1).additional()).containsExactly("OPT payload=1232 ttl=1000000");
    }

    @Test
    void malformedIsFormerrWithTheIdAndShortOrResponseMessagesAreDropped() {
        byte[] cut = Messages.query(0x1234, "web.shop.svc.cluster.local.", DnsRecordType.A, 0);
        byte[] truncated = java.util.Arrays.copyOf(cut, cut.length - 3);
        Messages.Decoded r = Messages.decode(ask(truncated, false));
        assertThat(r.id()).isEqualTo(0x1234);
        assertThat(r.rcode()).isEqualTo("FormErr");
        assertThat(r.question()).isEmpty();
        byte[] trailing = java.util.Arrays.copyOf(cut, cut.length + 2);
        assertThat(Messages.decode(ask(trailing, false)).rcode()).isEqualTo("FormErr");
        assertThat(ask(new byte[] {1, 2, 3}, false)).isNull();
        byte[] response = cut.clone();
        response[2] = (byte) (response[2] | 0x80);
        assertThat(ask(response, false)).isNull();
        assertThat(metrics.count("dropped/short")).isEqualTo(1);
        assertThat(metrics.count("dropped/response")).isEqualTo(1);
    }

    @Test
    void anOversizedUdpQueryIsFormerr() {
        byte[] q = Messages.query(11, "web.shop.svc.cluster.local.", DnsRecordType.A, 0);
        byte[] big = java.util.Arrays.copyOf(q, QueryEngine.MAX_UDP_QUERY + 1);
        assertThat(Messages.decode(ask(big, false)).rcode()).isEqualTo("FormErr");
    }

    @Test
    void aNewZoneIsServedAtOnceThoughAnswersAreKeptInWireForm() {
        ClusterDns dns = new ClusterDns(ZoneSettings.defaults());
        dns.update(Clusters.sample());
        QueryEngine own = new QueryEngine(dns, null, metrics);
        byte[] q = Messages.query(12, "web.shop.svc.cluster.local.", DnsRecordType.A, 0);
        java.util.function.Supplier<Messages.Decoded> ask = () -> {
            List<byte[]> out = new ArrayList<>();
            own.handle(Unpooled.wrappedBuffer(q), false, ByteBufAllocator.DEFAULT, b -> {
                out.add(ByteBufUtil.getBytes(b));
                b.release();
            });
            return Messages.decode(out.getFirst());
        };
        assertThat(ask.get().answers()).hasSize(1);
        assertThat(ask.get().answers()).hasSize(1);
        dns.update(io.strait.proxy.model.ClusterState.EMPTY);
        assertThat(ask.get().rcode()).isEqualTo("NXDomain");
    }
}
