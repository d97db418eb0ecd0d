package io.strait.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.strait.dns.zone.Rdata;
import io.strait.dns.zone.Rr;
import java.nio.charset.StandardCharsets;

/**
 * A record ready for the wire: owner name, type, class, TTL and RDATA with any names in it
 * uncompressed (so records taken from an upstream message can be written into another).
 */
public record WireRecord(String name, int type, int dnsClass, long ttl, byte[] rdata) {
    public static final int CLASS_IN = 1;

    public WireRecord withTtl(long newTtl) {
        return new WireRecord(name, type, dnsClass, newTtl, rdata);
    }

    /** A zone record in wire form. */
    public static WireRecord of(Rr rr) {
        ByteBuf b = Unpooled.buffer(32);
        switch (rr.data()) {
            case Rdata.Address a -> b.writeBytes(a.address().getAddress());
            case Rdata.Srv s -> {
                b.writeShort(s.priority()).writeShort(s.weight()).writeShort(s.port());
                Wire.writeName(b, s.target(), null);
            }
            case Rdata.Ptr p -> Wire.writeName(b, p.target(), null);
            case Rdata.Cname c -> Wire.writeName(b, c.target(), null);
            case Rdata.Txt t -> {
                byte[] text = t.text().getBytes(StandardCharsets.UTF_8);
                b.writeByte(text.length).writeBytes(text);
            }
            case Rdata.Soa s -> {
                Wire.writeName(b, s.mname(), null);
                Wire.writeName(b, s.rname(), null);
                b.writeInt((int) s.serial()).writeInt(s.refresh()).writeInt(s.retry()).writeInt(s.expire())
                        .writeInt((int) s.minimum());
            }
        }
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        return new WireRecord(rr.name(), rr.type().code(), CLASS_IN, rr.ttl(), bytes);
    }

    void write(ByteBuf out, java.util.Map<String, Integer> compression) {
        Wire.writeName(out, name, compression);
        out.writeShort(type).writeShort(dnsClass).writeInt((int) ttl).writeShort(rdata.length).writeBytes(rdata);
    }
}
