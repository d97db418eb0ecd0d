package io.strait.allocator.bgp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strait.allocator.config.Community;
import java.net.InetAddress;

/**
 * Builds UPDATE messages (RFC 4271 §4.3): IPv4 routes in NLRI with NEXT_HOP, IPv6 routes in
 * MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760); ORIGIN IGP; AS_PATH empty on iBGP and our AS on
 * eBGP, 4-octet when negotiated (RFC 6793); LOCAL_PREF on iBGP only; COMMUNITIES (RFC 1997) and
 * LARGE_COMMUNITY (RFC 8092). Stateless and thread-safe.
 */
final class UpdateEncoder {
    private static final int WELL_KNOWN = 0x40;
    private static final int OPTIONAL_TRANSITIVE = 0xc0;
    private static final int OPTIONAL = 0x80;

    private UpdateEncoder() {}

    static ByteBuf announce(ByteBufAllocator alloc, Advertisement adv, InetAddress nextHop, long myAsn,
                            boolean internal, boolean fourOctetAs) {
        ByteBuf attrs = alloc.buffer();
        attribute(attrs, WELL_KNOWN, 1, new byte[] {0});
        ByteBuf path = alloc.buffer();
        if (!internal) {
            path.writeByte(2).writeByte(1);
            if (fourOctetAs) {
                path.writeInt((int) myAsn);
            } else {
                path.writeShort(myAsn > 0xffff ? BgpCodec.AS_TRANS : (int) myAsn);
            }
        }
        attribute(attrs, WELL_KNOWN, 2, bytes(path));
        boolean v6 = adv.prefix().ipv6();
        if (!v6) {
            attribute(attrs, WELL_KNOWN, 3, nextHop.getAddress());
        }
        if (internal && adv.localPref() > 0) {
            attribute(attrs, WELL_KNOWN, 5, bytes(alloc.buffer(4).writeInt((int) adv.localPref())));
        }
        ByteBuf standard = alloc.buffer();
        ByteBuf large = alloc.buffer();
        for (Community c : adv.communities()) {
            if (c.large()) {
                large.writeInt((int) c.global()).writeInt((int) c.local1()).writeInt((int) c.local2());
            } else {
                standard.writeInt(c.standardValue());
            }
        }
        if (standard.isReadable()) {
            attribute(attrs, OPTIONAL_TRANSITIVE, 8, bytes(standard));
        } else {
            standard.release();
        }
        if (large.isReadable()) {
            attribute(attrs, OPTIONAL_TRANSITIVE, 32, bytes(large));
        } else {
            large.release();
        }
        if (v6) {
            ByteBuf mp = alloc.buffer();
            mp.writeShort(2).writeByte(1).writeByte(nextHop.getAddress().length).writeBytes(nextHop.getAddress());
            mp.writeByte(0).writeBytes(adv.prefix().encode());
            attribute(attrs, OPTIONAL, 14, bytes(mp));
        }
        ByteBuf body = alloc.buffer();
        body.writeShort(0);
        body.writeShort(attrs.readableBytes()).writeBytes(attrs);
        attrs.release();
        if (!v6) {
            body.writeBytes(adv.prefix().encode());
        }
        return BgpCodec.frame(alloc, BgpMessage.UPDATE, body);
    }

    static ByteBuf withdraw(ByteBufAllocator alloc, Prefix prefix) {
        ByteBuf body = alloc.buffer();
        if (prefix.ipv6()) {
            ByteBuf attrs = alloc.buffer();
            ByteBuf mp = alloc.buffer().writeShort(2).writeByte(1).writeBytes(prefix.encode());
            attribute(attrs, OPTIONAL, 15, bytes(mp));
            body.writeShort(0).writeShort(attrs.readableBytes()).writeBytes(attrs);
            attrs.release();
        } else {
            byte[] p = prefix.encode();
            body.writeShort(p.length).writeBytes(p).writeShort(0);
        }
        return BgpCodec.frame(alloc, BgpMessage.UPDATE, body);
    }

    private static void attribute(ByteBuf out, int flags, int type, byte[] value) {
        if (value.length > 255) {
            out.writeByte(flags | 0x10).writeByte(type).writeShort(value.length);
        } else {
            out.writeByte(flags).writeByte(type).writeByte(value.length);
        }
        out.writeBytes(value);
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }
}
