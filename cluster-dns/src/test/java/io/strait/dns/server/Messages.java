package io.strait.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Queries built and responses read with Netty's codec-dns, an implementation independent of the
 * server's own reader and writer, so the tests check the wire format rather than agree with it.
 */
public final class Messages {
    static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 53);

    private Messages() {}

    /** A query for (name, type); {@code ednsPayload} 0 means no OPT record. */
    public static byte[] query(int id, String name, DnsRecordType type, int ednsPayload) {
        return query(id, name, type, ednsPayload, 0);
    }

    /** With the OPT record's TTL field (extended rcode, version, DO bit) given. */
    public static byte[] query(int id, String name, DnsRecordType type, int ednsPayload, long optTtl) {
        DatagramDnsQuery q = new DatagramDnsQuery(ANY, ANY, id, DnsOpCode.QUERY).setRecursionDesired(true);
        q.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, type));
        if (ednsPayload > 0) {
            q.addRecord(DnsSection.ADDITIONAL, new DefaultDnsRawRecord(".", DnsRecordType.OPT, ednsPayload, optTtl,
                    Unpooled.EMPTY_BUFFER));
        }
        EmbeddedChannel ch = new EmbeddedChannel(new DatagramDnsQueryEncoder());
        ch.writeOutbound(q);
        DatagramPacket p = ch.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(p.content());
        p.release();
        ch.finishAndReleaseAll();
        return bytes;
    }

    /** A decoded response: header bits and each section as "name TYPE ttl data" lines. */
    public record Decoded(int id, String rcode, boolean authoritative, boolean truncated, List<String> question,
                          List<String> answers, List<String> authority, List<String> additional) {}

    public static Decoded decode(byte[] bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new DatagramDnsResponseDecoder());
        ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(bytes), ANY, ANY));
        DnsResponse r = ch.readInbound();
        try {
            return new Decoded(r.id(), r.code().toString().replaceAll("\\(.*", ""), r.isAuthoritativeAnswer(),
                    r.isTruncated(), section(r, DnsSection.QUESTION), section(r, DnsSection.ANSWER),
                    section(r, DnsSection.AUTHORITY), section(r, DnsSection.ADDITIONAL));
        } finally {
            r.release();
            ch.finishAndReleaseAll();
        }
    }

    private static List<String> section(DnsResponse r, DnsSection s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.count(s); i++) {
            DnsRecord rec = r.recordAt(s, i);
            String head = rec.name() + " " + rec.type().name();
            if (s == DnsSection.QUESTION) {
                out.add(head);
            } else if (rec.type() == DnsRecordType.OPT) {
                out.add("OPT payload=" + rec.dnsClass() + " ttl=" + Long.toHexString(rec.timeToLive()));
            } else {
                out.add(head + " " + rec.timeToLive() + " " + data(rec));
            }
        }
        return out;
    }

    private static String data(DnsRecord rec) {
        if (rec instanceof DnsPtrRecord ptr) {
            return ptr.hostname();
        }
        ByteBuf c = ((DnsRawRecord) rec).content().duplicate();
        int type = rec.type().intValue();
        try {
            return switch (type) {
                case 1, 28 -> InetAddress.getByAddress(ByteBufUtil.getBytes(c)).getHostAddress();
                case 5 -> DefaultDnsRecordDecoder.decodeName(c);
                case 33 -> c.readUnsignedShort() + " " + c.readUnsignedShort() + " " + c.readUnsignedShort() + " "
                        + DefaultDnsRecordDecoder.decodeName(c);
                case 6 -> DefaultDnsRecordDecoder.decodeName(c) + " " + DefaultDnsRecordDecoder.decodeName(c);
                default -> ByteBufUtil.hexDump(c);
            };
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
