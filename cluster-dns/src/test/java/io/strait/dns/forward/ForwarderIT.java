package io.strait.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DnsRecordType;
import io.strait.dns.ClusterDns;
import io.strait.dns.metrics.CountingDnsMetrics;
import io.strait.dns.server.Messages;
import io.strait.dns.server.QueryEngine;
import io.strait.dns.zone.Clusters;
import io.strait.dns.zone.ZoneSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Forwarding to a fake upstream on loopback: cache (positive, negative), serve-stale, failover, TCP retry, bounds. */
class ForwarderIT {
    final CountingDnsMetrics metrics = new CountingDnsMetrics();
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    FakeUpstream upstream() throws Exception {
        FakeUpstream u = new FakeUpstream();
        closing.add(u);
        return u;
    }

    QueryEngine engine(int maxPending, FakeUpstream... upstreams) throws Exception {
        List<InetSocketAddress> addresses = java.util.Arrays.stream(upstreams).map(FakeUpstream::address).toList();
        Forwarder f = Forwarder.start(new ForwarderSettings(addresses, Duration.ofMillis(300), maxPending, 1000, 3600,
                Duration.ofHours(1)), metrics, now::get);
        closing.add(f);
        ClusterDns dns = new ClusterDns(ZoneSettings.defaults());
        dns.update(new Clusters().externalName("default", "foo", "www.example.com").state());
        return new QueryEngine(dns, f, metrics);
    }

    static CompletableFuture<Messages.Decoded> send(QueryEngine engine, String name, DnsRecordType type) {
        return send(engine, name, type, false);
    }

    static CompletableFuture<Messages.Decoded> send(QueryEngine engine, String name, DnsRecordType type, boolean tcp) {
        CompletableFuture<Messages.Decoded> out = new CompletableFuture<>();
        engine.handle(Unpooled.wrappedBuffer(Messages.query(77, name, type, 0)), tcp, ByteBufAllocator.DEFAULT, b -> {
            out.complete(Messages.decode(ByteBufUtil.getBytes(b)));
            b.release();
        });
        return out;
    }

    static Messages.Decoded ask(QueryEngine engine, String name, DnsRecordType type) throws Exception {
        return send(engine, name, type).get(10, TimeUnit.SECONDS);
    }

    void advance(int seconds) {
        now.addAndGet(seconds * 1_000_000_000L);
    }

    @Test
    void forwardsOutsideNamesAndCachesTheAnswerCountingItsTtlDown() throws Exception {
        FakeUpstream up = upstream();
        up.scripts.put("www.example.com./A", new FakeUpstream.Script(0, 2, 60, false));
        QueryEngine engine = engine(100, up);
        Messages.Decoded first = ask(engine, "www.example.com.", DnsRecordType.A);
        assertThat(first.rcode()).isEqualTo("NoError");
        assertThat(first.authoritative()).isFalse();
        assertThat(first.answers()).containsExactly("www.example.com. A 60 192.0.2.1", "www.example.com. A 60 192.0.2.2");
        advance(10);
        Messages.Decoded second = ask(engine, "WWW.example.com.", DnsRecordType.A);
        assertThat(second.answers()).containsExactly("WWW.example.com. A 50 192.0.2.1", "WWW.example.com. A 50 192.0.2.2");
        assertThat(up.udpQueries.get()).isEqualTo(1);
        assertThat(metrics.count("cache/positive")).isEqualTo(1);
        assertThat(metrics.count("forwarded/ok")).isEqualTo(1);
    }

    @Test
    void negativeAnswersAreCachedForTheSoaTtl() throws Exception {
        FakeUpstream up = upstream();
        QueryEngine engine = engine(100, up);
        assertThat(ask(engine, "nope.example.", DnsRecordType.A).rcode()).isEqualTo("NXDomain");
        advance(59);
        Messages.Decoded again = ask(engine, "nope.example.", DnsRecordType.A);
        assertThat(again.rcode()).isEqualTo("NXDomain");
        assertThat(again.authority()).hasSize(1);
        assertThat(up.udpQueries.get()).isEqualTo(1);
        advance(2); // past min(SOA TTL 60, MINIMUM 300)
        ask(engine, "nope.example.", DnsRecordType.A);
        assertThat(up.udpQueries.get()).isEqualTo(2);
        assertThat(metrics.count("cache/negative")).isEqualTo(1);
    }

    @Test
    void servesStaleWhenTheUpstreamFailsAndServfailWithoutAnyAnswer() throws Exception {
        FakeUpstream up = upstream();
        up.scripts.put("www.example.com./A", new FakeUpstream.Script(0, 1, 5, false));
        QueryEngine engine = engine(100, up);
        ask(engine, "www.example.com.", DnsRecordType.A);
        advance(30);
        up.silent = true;
        Messages.Decoded stale = ask(engine, "www.example.com.", DnsRecordType.A);
        assertThat(stale.answers()).containsExactly("www.example.com. A 30 192.0.2.1");
        assertThat(metrics.count("answered/A/NOERROR/STALE")).isEqualTo(1);
        assertThat(ask(engine, "other.example.", DnsRecordType.A).rcode()).isEqualTo("ServFail");
        assertThat(metrics.count("forwarded/timeout")).isEqualTo(2);
    }

    @Test
    void aSilentUpstreamFailsOverToTheNext() throws Exception {
        FakeUpstream dead = upstream();
        dead.silent = true;
        FakeUpstream live = upstream();
        live.scripts.put("www.example.com./A", new FakeUpstream.Script(0, 1, 60, false));
        QueryEngine engine = engine(100, dead, live);
        assertThat(ask(engine, "www.example.com.", DnsRecordType.A).answers()).hasSize(1);
        assertThat(dead.udpQueries.get()).isEqualTo(1);
        assertThat(live.udpQueries.get()).isEqualTo(1);
    }

    @Test
    void aTruncatedUpstreamAnswerIsAskedAgainOverTcp() throws Exception {
        FakeUpstream up = upstream();
        up.scripts.put("big.example./A", new FakeUpstream.Script(0, 40, 60, true));
        QueryEngine engine = engine(100, up);
        Messages.Decoded overUdp = ask(engine, "big.example.", DnsRecordType.A);
        assertThat(up.tcpQueries.get()).isEqualTo(1);
        assertThat(overUdp.truncated()).as("40 records do not fit our client's 512 bytes either").isTrue();
        Messages.Decoded overTcp = send(engine, "big.example.", DnsRecordType.A, true).get(10, TimeUnit.SECONDS);
        assertThat(overTcp.answers()).hasSize(40);
        assertThat(up.tcpQueries.get()).as("the client's TCP retry is answered from the cache").isEqualTo(1);
    }

    @Test
    void anExternalNameLeavingTheZoneIsChasedUpstream() throws Exception {
        FakeUpstream up = upstream();
        up.scripts.put("www.example.com./A", new FakeUpstream.Script(0, 1, 60, false));
        QueryEngine engine = engine(100, up);
        assertThat(ask(engine, "foo.default.svc.cluster.local.", DnsRecordType.A).answers()).containsExactly(
                "foo.default.svc.cluster.local. CNAME 5 www.example.com.", "www.example.com. A 60 192.0.2.1");
    }

    @Test
    void pendingQuestionsAreBoundedAndIdenticalOnesShareOneExchange() throws Exception {
        FakeUpstream up = upstream();
        up.silent = true;
        QueryEngine engine = engine(5, up);
        List<CompletableFuture<Messages.Decoded>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(send(engine, "n" + i + ".example.", DnsRecordType.A));
        }
        for (int i = 0; i < 10; i++) {
            all.add(send(engine, "n0.example.", DnsRecordType.A));
        }
        for (CompletableFuture<Messages.Decoded> f : all) {
            assertThat(f.get(10, TimeUnit.SECONDS).rcode()).isEqualTo("ServFail");
        }
        assertThat(metrics.count("forwarded/over-limit")).isEqualTo(15);
        assertThat(up.udpQueries.get()).as("5 distinct questions, n0 asked once").isEqualTo(5);
    }
}
