package io.strait.dns.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.strait.dns.server.DnsQuery;
import io.strait.dns.server.MalformedMessageException;
import io.strait.dns.server.Wire;
import io.strait.dns.server.WireRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * An upstream's response, parsed into records whose RDATA names are decompressed (CNAME, NS, PTR,
 * MX, SRV, SOA), so they can be cached and written into our own responses. The OPT record is
 * dropped (ours is added per client).
 */
record UpstreamResponse(int id, int rcode, boolean truncated, String name, int type,
                        List<WireRecord> answers, List<WireRecord> authority, List<WireRecord> additional) {

    static UpstreamResponse parse(ByteBuf msg) throws MalformedMessageException {
        ByteBuf in = msg.slice();
        if (in.readableBytes() < DnsQuery.HEADER) {
            throw new MalformedMessageException("shorter than a header");
        }
        int id = in.readUnsignedShort();
        int flags = in.readUnsignedShort();
        int qd = in.readUnsignedShort();
        int an = in.readUnsignedShort();
        int ns = in.readUnsignedShort();
        int ar = in.readUnsignedShort();
        if ((flags & 0x8000) == 0 || qd != 1) {
            throw new MalformedMessageException("not a response to one question");
        }
        String name = Wire.readName(in);
        if (in.readableBytes() < 4) {
            throw new MalformedMessageException("question cut off");
        }
        int type = in.readUnsignedShort();
        in.skipBytes(2);
        boolean truncated = (flags & 0x0200) != 0;
        List<WireRecord> answers = new ArrayList<>();
        List<WireRecord> authority = new ArrayList<>();
        List<WireRecord> additional = new ArrayList<>();
        int rcode = flags & 0xf;
        try {
            records(in, msg, an, answers);
            records(in, msg, ns, authority);
            records(in, msg, ar, additional);
        } catch (MalformedMessageException e) {
            if (!truncated) {
                throw e;
            }
        }
        for (WireRecord r : additional) {
            if (r.type() == DnsQuery.TYPE_OPT) {
                rcode |= (int) ((r.ttl() >>> 24) << 4);
            }
        }
        additional.removeIf(r -> r.type() == DnsQuery.TYPE_OPT);
        return new UpstreamResponse(id, rcode, truncated, name, type, answers, authority, additional);
    }

    private static void records(ByteBuf in, ByteBuf msg, int count, List<WireRecord> out)
            throws MalformedMessageException {
        for (int i = 0; i < count; i++) {
            String owner = Wire.readName(in);
            if (in.readableBytes() < 10) {
                throw new MalformedMessageException("record cut off");
            }
            int type = in.readUnsignedShort();
            int dnsClass = in.readUnsignedShort();
            long ttl = in.readUnsignedInt();
            int rdlen = in.readUnsignedShort();
            if (in.readableBytes() < rdlen) {
                throw new MalformedMessageException("record data cut off");
            }
            ByteBuf rdata = in.slice(in.readerIndex(), rdlen);
            ByteBuf full = in.duplicate(); // names inside RDATA may point anywhere earlier in the message
            full.readerIndex(in.readerIndex());
            out.add(new WireRecord(owner, type, dnsClass, ttl, rdata(type, rdata, full, rdlen)));
            in.skipBytes(rdlen);
        }
    }

    private static byte[] rdata(int type, ByteBuf rdata, ByteBuf at, int rdlen) throws MalformedMessageException {
        int prefix = switch (type) {
            case 2, 5, 12, 6 -> 0; // NS, CNAME, PTR, SOA start with a name
            case 15 -> 2;          // MX preference
            case 33 -> 6;          // SRV priority, weight, port
            default -> -1;
        };
        if (prefix < 0) {
            byte[] raw = new byte[rdlen];
            rdata.getBytes(0, raw);
            return raw;
        }
        if (rdlen < prefix) {
            throw new MalformedMessageException("record data too short for its type");
        }
        ByteBuf out = Unpooled.buffer(rdlen + 32);
        out.writeBytes(rdata, 0, prefix);
        at.skipBytes(prefix);
        Wire.writeName(out, Wire.readName(at), null);
        if (type == 6) {
            Wire.writeName(out, Wire.readName(at), null);
            if (at.readableBytes() < 20) {
                throw new MalformedMessageException("SOA cut off");
            }
            out.writeBytes(at, 20);
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }
}
