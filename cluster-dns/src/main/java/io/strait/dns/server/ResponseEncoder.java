package io.strait.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a response message. Over UDP it fits the requester's limit: 512 bytes without EDNS,
 * else the advertised payload capped at {@value #EDNS_PAYLOAD} (the 2020 DNS flag day value).
 * Additional records that do not fit are dropped silently (RFC 2181 section 9); when the answer or
 * authority section does not fit, the response carries only the question with TC set, and the
 * client retries over TCP (RFC 7766). Over TCP the limit is 65535.
 */
public final class ResponseEncoder {
    public static final int EDNS_PAYLOAD = 1232;
    public static final int OPT_SIZE = 11;

    private ResponseEncoder() {}

    /** The UDP size limit for this query's response. */
    public static int udpLimit(DnsQuery q) {
        return q.edns() ? Math.min(q.udpPayload(), EDNS_PAYLOAD) : 512;
    }

    public static ByteBuf encode(ByteBufAllocator alloc, DnsQuery q, Reply r, int limit) {
        ByteBuf out = alloc.buffer(512);
        try {
            int room = limit - (q.edns() ? OPT_SIZE : 0);
            Map<String, Integer> compression = new HashMap<>();
            header(out, q, r, false, 0, 0, 0);
            if (q.name() != null) {
                Wire.writeName(out, q.name(), compression);
                out.writeShort(q.type()).writeShort(q.dnsClass());
            }
            int afterQuestion = out.writerIndex();
            writeAll(out, r.answers(), compression);
            writeAll(out, r.authority(), compression);
            int additional = 0;
            if (out.writerIndex() > room) {
                out.writerIndex(afterQuestion);
                header(out, q, r, true, 0, 0, 0);
            } else {
                for (WireRecord rec : r.additional()) {
                    int mark = out.writerIndex();
                    Map<String, Integer> saved = new HashMap<>(compression);
                    rec.write(out, compression);
                    if (out.writerIndex() > room) {
                        out.writerIndex(mark);
                        compression.clear();
                        compression.putAll(saved);
                        break;
                    }
                    additional++;
                }
                header(out, q, r, false, r.answers().size(), r.authority().size(), additional);
            }
            if (q.edns()) {
                out.setShort(10, out.getUnsignedShort(10) + 1);
                out.writeByte(0).writeShort(DnsQuery.TYPE_OPT).writeShort(EDNS_PAYLOAD)
                        .writeInt(((r.rcode() >> 4) << 24) | (q.dnssecOk() ? 0x8000 : 0)).writeShort(0);
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void writeAll(ByteBuf out, List<WireRecord> records, Map<String, Integer> compression) {
        for (WireRecord rec : records) {
            rec.write(out, compression);
        }
    }

    private static void header(ByteBuf out, DnsQuery q, Reply r, boolean truncated, int an, int ns, int ar) {
        int flags = 0x8000 | (q.opcode() << 11) | (r.authoritative() ? 0x0400 : 0) | (truncated ? 0x0200 : 0)
                | (q.recursionDesired() ? 0x0100 : 0) | 0x0080 | (q.checkingDisabled() ? 0x0010 : 0) | (r.rcode() & 0xf);
        int end = Math.max(out.writerIndex(), DnsQuery.HEADER);
        out.writerIndex(0);
        out.writeShort(q.id()).writeShort(flags).writeShort(q.name() == null ? 0 : 1)
                .writeShort(an).writeShort(ns).writeShort(ar);
        out.writerIndex(end);
    }
}
