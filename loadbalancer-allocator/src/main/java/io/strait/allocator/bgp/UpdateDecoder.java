package io.strait.allocator.bgp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a received UPDATE body (RFC 4271 §6.3): withdrawn routes and path attributes must
 * fill their stated lengths exactly, attribute lengths fit, prefixes are at most 32 bits, and an
 * unrecognised well-known attribute is an error; unknown optional attributes are accepted.
 */
final class UpdateDecoder {
    private UpdateDecoder() {}

    static BgpMessage.Update decode(ByteBuf b) throws BgpException {
        int withdrawnLen = b.readUnsignedShort();
        if (withdrawnLen > b.readableBytes() - 2) {
            throw new BgpException(BgpException.UPDATE, 1, "withdrawn routes length " + withdrawnLen + " exceeds the message");
        }
        List<Prefix> withdrawn = prefixes(b.readSlice(withdrawnLen));
        int attrLen = b.readUnsignedShort();
        if (attrLen > b.readableBytes()) {
            throw new BgpException(BgpException.UPDATE, 1, "path attributes length " + attrLen + " exceeds the message");
        }
        ByteBuf attrs = b.readSlice(attrLen);
        int count = 0;
        boolean[] seen = new boolean[256];
        while (attrs.isReadable()) {
            int flags = attrs.readUnsignedByte();
            int type = attrs.readUnsignedByte();
            int len = (flags & 0x10) != 0 ? attrs.readUnsignedShort() : attrs.readUnsignedByte();
            if (len > attrs.readableBytes()) {
                throw new BgpException(BgpException.UPDATE, 5, "attribute " + type + " length " + len + " exceeds the list");
            }
            ByteBuf value = attrs.readSlice(len);
            if (seen[type]) {
                throw new BgpException(BgpException.UPDATE, 1, "attribute " + type + " appears twice");
            }
            seen[type] = true;
            check(flags, type, value);
            count++;
        }
        List<Prefix> nlri = prefixes(b);
        if (!nlri.isEmpty() && !(seen[1] && seen[2] && seen[3])) {
            throw new BgpException(BgpException.UPDATE, 3, "NLRI without ORIGIN, AS_PATH and NEXT_HOP");
        }
        return new BgpMessage.Update(withdrawn, nlri, count);
    }

    private static void check(int flags, int type, ByteBuf value) throws BgpException {
        boolean optional = (flags & 0x80) != 0;
        switch (type) {
            case 1 -> {
                if (value.readableBytes() != 1 || value.getUnsignedByte(value.readerIndex()) > 2) {
                    throw new BgpException(BgpException.UPDATE, 6, "invalid ORIGIN");
                }
            }
            case 3 -> {
                if (value.readableBytes() != 4) {
                    throw new BgpException(BgpException.UPDATE, 5, "NEXT_HOP of length " + value.readableBytes());
                }
            }
            case 2, 5, 6, 7, 8, 14, 15, 16, 32 -> { }
            default -> {
                if (!optional) {
                    throw new BgpException(BgpException.UPDATE, 2, new byte[] {(byte) flags, (byte) type},
                            "unrecognised well-known attribute " + type);
                }
            }
        }
    }

    private static List<Prefix> prefixes(ByteBuf b) throws BgpException {
        List<Prefix> out = new ArrayList<>();
        while (b.isReadable()) {
            int len = b.readUnsignedByte();
            if (len > 32) {
                throw new BgpException(BgpException.UPDATE, 10, "prefix length " + len + " > 32");
            }
            byte[] sig = new byte[(len + 7) / 8];
            if (sig.length > b.readableBytes()) {
                throw new BgpException(BgpException.UPDATE, 10, "prefix truncated");
            }
            b.readBytes(sig);
            out.add(Prefix.decode(len, sig, false));
        }
        return out;
    }
}
