package io.strait.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DnsRecordType;
import io.strait.dns.ClusterDns;
import io.strait.dns.metrics.CountingDnsMetrics;
import io.strait.dns.metrics.DnsMetrics;
import io.strait.dns.zone.Clusters;
import io.strait.dns.zone.ZoneSettings;
import io.strait.proxy.model.EndpointPort;
import io.strait.proxy.model.Protocol;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-side search-path expansion for a pod the snapshot places in namespace "shop". */
class AutopathTest {
    static final InetAddress POD = InetAddress.ofLiteral("10.244.9.9");
    final List<String> upstreamAsked = new ArrayList<>();

    QueryEngine engine(boolean autopath) {
        ClusterDns dns = new ClusterDns(ZoneSettings.defaults());
        dns.update(new Clusters()
                .clusterIp("default", "kubernetes", List.of("10.3.0.1"), Clusters.port("https", Protocol.TCP, 443))
                .headless("shop", "workers", false, List.of(new EndpointPort("http", Protocol.TCP, 80)),
                        Clusters.endpoint(POD.getHostAddress(), null, true))
                .state());
        Upstream upstream = (name, type, tcp, done) -> {
            upstreamAsked.add(name);
            List<WireRecord> answers = name.equals("www.example.com") ? List.of(new WireRecord(name, 1, 1, 60,
                    new byte[] {(byte) 192, 0, 2, 7})) : List.of();
            done.accept(new Reply(answers.isEmpty() ? 3 : 0, false, answers, List.of(), List.of()),
                    DnsMetrics.Source.UPSTREAM);
        };
        return new QueryEngine(dns, upstream, new CountingDnsMetrics(), autopath);
    }

    static Messages.Decoded ask(QueryEngine engine, InetAddress client, String name) {
        List<byte[]> out = new ArrayList<>();
        engine.handle(Unpooled.wrappedBuffer(Messages.query(5, name, DnsRecordType.A, 0)), false, client,
                ByteBufAllocator.DEFAULT, b -> {
                    out.add(ByteBufUtil.getBytes(b));
                    b.release();
                });
        return Messages.decode(out.getFirst());
    }

    @Test
    void aServiceOfAnotherNamespaceIsFoundInTheFirstRoundTrip() {
        Messages.Decoded r = ask(engine(true), POD, "kubernetes.default.shop.svc.cluster.local.");
        assertThat(r.rcode()).isEqualTo("NoError");
        assertThat(r.answers()).containsExactly(
                "kubernetes.default.shop.svc.cluster.local. CNAME 5 kubernetes.default.svc.cluster.local.",
                "kubernetes.default.svc.cluster.local. A 5 10.3.0.1");
    }

    @Test
    void anOutsideNameIsResolvedUpstreamInTheFirstRoundTrip() {
        QueryEngine engine = engine(true);
        Messages.Decoded r = ask(engine, POD, "www.example.com.shop.svc.cluster.local.");
        assertThat(r.answers()).containsExactly(
                "www.example.com.shop.svc.cluster.local. CNAME 5 www.example.com.", "www.example.com. A 60 192.0.2.7");
        assertThat(upstreamAsked).containsExactly("www.example.com");
    }

    @Test
    void whenNothingIsFoundTheOriginalNxdomainGoesBack() {
        Messages.Decoded r = ask(engine(true), POD, "nowhere.example.shop.svc.cluster.local.");
        assertThat(r.rcode()).isEqualTo("NXDomain");
        assertThat(r.answers()).isEmpty();
        assertThat(r.authority()).hasSize(1);
    }

    @Test
    void unknownClientsOtherNamespacesAndAutopathOffGetThePlainAnswer() {
        assertThat(ask(engine(true), InetAddress.ofLiteral("10.244.9.10"), "kubernetes.default.shop.svc.cluster.local.")
                .rcode()).isEqualTo("NXDomain");
        assertThat(ask(engine(true), POD, "kubernetes.default.other.svc.cluster.local.").rcode()).isEqualTo("NXDomain");
        assertThat(ask(engine(false), POD, "kubernetes.default.shop.svc.cluster.local.").rcode()).isEqualTo("NXDomain");
        assertThat(upstreamAsked).isEmpty();
    }
}
