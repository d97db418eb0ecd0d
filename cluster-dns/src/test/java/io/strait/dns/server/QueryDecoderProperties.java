package io.strait.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DnsRecordType;
import io.strait.dns.metrics.CountingDnsMetrics;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The decoder fuzzed: random bytes and mutated real queries never make the engine throw; it
 * answers at most once, and every answer is a well-formed response (read back by Netty's own
 * decoder) carrying the query's ID with QR set.
 */
class QueryDecoderProperties {
    final QueryEngine engine = QueryEngineTest.engine(new CountingDnsMetrics());

    void check(byte[] message) {
        List<byte[]> out = new ArrayList<>();
        engine.handle(Unpooled.wrappedBuffer(message), false, ByteBufAllocator.DEFAULT, b -> {
            out.add(ByteBufUtil.getBytes(b));
            b.release();
        });
        assertThat(out).hasSizeLessThanOrEqualTo(1);
        if (out.isEmpty()) {
            assertThat(message.length < DnsQuery.HEADER || (message[2] & 0x80) != 0)
                    .as("only short messages and responses are dropped").isTrue();
            return;
        }
        byte[] r = out.getFirst();
        assertThat(r[2] & 0x80).as("QR").isNotZero();
        Messages.Decoded d = Messages.decode(r);
        assertThat(d.id()).isEqualTo(((message[0] & 0xff) << 8) | (message[1] & 0xff));
    }

    @Property(tries = 3000)
    void randomBytesNeverThrow(@ForAll @Size(max = 700) byte[] message) {
        check(message);
    }

    @Property(tries = 3000)
    void mutatedQueriesNeverThrow(@ForAll("mutated") byte[] message) {
        check(message);
    }

    @Property(tries = 1000)
    void nameReaderFailsOnlyWithAReason(@ForAll @Size(max = 300) byte[] bytes) {
        try {
            Wire.readName(Unpooled.wrappedBuffer(bytes));
        } catch (MalformedMessageException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<byte[]> base = Arbitraries.of(
                Messages.query(1, "web.shop.svc.cluster.local.", DnsRecordType.A, 0),
                Messages.query(2, "_https._tcp.headless.default.svc.cluster.local.", DnsRecordType.SRV, 1232),
                Messages.query(3, "10-1-2-3.ns.pod.cluster.local.", DnsRecordType.AAAA, 4096),
                Messages.query(4, "alias.default.svc.cluster.local.", DnsRecordType.CNAME, 0));
        return base.flatMap(q -> Arbitraries.integers().between(0, q.length - 1).list().ofMinSize(1).ofMaxSize(6)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] m = q.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        m[positions.get(i)] = values.get(i);
                    }
                    m[2] &= 0x7f; // keep it a query, so it is answered
                    return m;
                })));
    }
}
