package io.strait.allocator.bgp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes BGP-4 message bodies (RFC 4271 §4; capabilities RFC 5492, 4-octet AS
 * RFC 6793, multiprotocol RFC 4760, extended optional parameters length RFC 9072). Decoding
 * treats its input as hostile: every length is checked against what remains, and any inconsistency is a {@link BgpException} with the
 * RFC's error code, never another exception. Stateless and thread-safe.
 */
public final class BgpCodec {
    public static final int HEADER_LENGTH = 19;
    public static final int MAX_LENGTH = 4096;
    static final int AS_TRANS = 23456;
    static final int CAP_MULTIPROTOCOL = 1;
    static final int CAP_FOUR_OCTET_AS = 65;
    static final int PARAM_CAPABILITIES = 2;
    /** RFC 9072's Non-Ext OP Type: the optional parameters follow in the extended encoding. */
    static final int EXTENDED_PARAMETERS = 255;

    private BgpCodec() {}

    /** Writes the 19-octet header then the body; releases body. */
    static ByteBuf frame(ByteBufAllocator alloc, int type, ByteBuf body) {
        ByteBuf out = alloc.buffer(HEADER_LENGTH + body.readableBytes());
        for (int i = 0; i < 16; i++) {
            out.writeByte(0xff);
        }
        out.writeShort(HEADER_LENGTH + body.readableBytes());
        out.writeByte(type);
        out.writeBytes(body);
        body.release();
        return out;
    }

    public static ByteBuf encode(ByteBufAllocator alloc, BgpMessage message) {
        ByteBuf body = alloc.buffer();
        switch (message) {
            case BgpMessage.Keepalive k -> { }
            case BgpMessage.Notification n -> body.writeByte(n.code()).writeByte(n.subcode()).writeBytes(n.data());
            case BgpMessage.Open o -> {
                body.writeByte(o.version());
                body.writeShort(o.asn() > 0xffff ? AS_TRANS : (int) o.asn());
                body.writeShort(o.holdTime());
                body.writeInt((int) o.routerId());
                ByteBuf caps = alloc.buffer();
                for (int afiSafi : o.multiprotocol()) {
                    caps.writeByte(CAP_MULTIPROTOCOL).writeByte(4).writeShort(afiSafi >> 8).writeByte(0).writeByte(afiSafi & 0xff);
                }
                if (o.fourOctetAs()) {
                    caps.writeByte(CAP_FOUR_OCTET_AS).writeByte(4).writeInt((int) o.asn());
                }
                writeOptionalParameters(body, caps, o.extendedParameters());
                caps.release();
            }
            case BgpMessage.Update u -> throw new IllegalArgumentException("use UpdateEncoder for UPDATEs");
        }
        int type = switch (message) {
            case BgpMessage.Open o -> BgpMessage.OPEN;
            case BgpMessage.Update u -> BgpMessage.UPDATE;
            case BgpMessage.Notification n -> BgpMessage.NOTIFICATION;
            case BgpMessage.Keepalive k -> BgpMessage.KEEPALIVE;
        };
        return frame(alloc, type, body);
    }

    /** Decodes one message body (the header already checked); body holds exactly the body. */
    public static BgpMessage decode(int type, ByteBuf body) throws BgpException {
        try {
            return switch (type) {
                case BgpMessage.OPEN -> open(body);
                case BgpMessage.UPDATE -> UpdateDecoder.decode(body);
                case BgpMessage.NOTIFICATION -> {
                    byte[] data = new byte[Math.max(0, body.readableBytes() - 2)];
                    int code = body.readUnsignedByte();
                    int sub = body.readUnsignedByte();
                    body.readBytes(data);
                    yield new BgpMessage.Notification(code, sub, data);
                }
                case BgpMessage.KEEPALIVE -> {
                    if (body.isReadable()) {
                        throw new BgpException(BgpException.HEADER, 2, "KEEPALIVE with a body");
                    }
                    yield new BgpMessage.Keepalive();
                }
                default -> throw new BgpException(BgpException.HEADER, 3, new byte[] {(byte) type},
                        "unknown message type " + type);
            };
        } catch (IndexOutOfBoundsException e) {
            int code = type == BgpMessage.OPEN ? BgpException.OPEN : type == BgpMessage.UPDATE ? BgpException.UPDATE
                    : BgpException.HEADER;
            throw new BgpException(code, code == BgpException.HEADER ? 2 : 0, "truncated message of type " + type);
        }
    }

    /**
     * Writes the optional parameters (one Capabilities parameter holding caps): in RFC 4271's
     * encoding when it fits its one-octet lengths (always so for the capabilities Strait sends)
     * unless extended is asked for, else in RFC 9072's extended one (§2: used only when needed).
     */
    static void writeOptionalParameters(ByteBuf body, ByteBuf caps, boolean extended) {
        int n = caps.readableBytes();
        if (n + 2 <= 255 && !extended) {
            body.writeByte(n + 2).writeByte(PARAM_CAPABILITIES).writeByte(n);
        } else {
            body.writeByte(255).writeByte(EXTENDED_PARAMETERS).writeShort(n + 3)
                    .writeByte(PARAM_CAPABILITIES).writeShort(n);
        }
        body.writeBytes(caps, caps.readerIndex(), n);
    }

    private static BgpMessage.Open open(ByteBuf b) throws BgpException {
        int version = b.readUnsignedByte();
        if (version != 4) {
            throw new BgpException(BgpException.OPEN, 1, new byte[] {0, 4}, "unsupported BGP version " + version);
        }
        long asn = b.readUnsignedShort();
        int hold = b.readUnsignedShort();
        long routerId = b.readUnsignedInt();
        int optLen = b.readUnsignedByte();
        // RFC 9072 §2: a non-zero length followed by the Non-Ext OP Type 255 announces the extended
        // encoding (a 2-octet total length, and a 2-octet length in every parameter)
        boolean extended = optLen != 0 && b.isReadable() && b.getUnsignedByte(b.readerIndex()) == EXTENDED_PARAMETERS;
        if (extended) {
            b.skipBytes(1);
            optLen = b.readUnsignedShort();
        }
        if (optLen != b.readableBytes()) {
            throw new BgpException(BgpException.OPEN, 0, (extended ? "extended " : "") + "optional parameters length "
                    + optLen + " but " + b.readableBytes() + " octets follow");
        }
        boolean fourOctet = false;
        List<Integer> mp = new ArrayList<>();
        while (b.isReadable()) {
            int paramType = b.readUnsignedByte();
            ByteBuf param = b.readSlice(extended ? b.readUnsignedShort() : b.readUnsignedByte());
            if (paramType != PARAM_CAPABILITIES) {
                throw new BgpException(BgpException.OPEN, 4, "unsupported optional parameter " + paramType);
            }
            while (param.isReadable()) {
                int code = param.readUnsignedByte();
                ByteBuf cap = param.readSlice(param.readUnsignedByte());
                if (code == CAP_FOUR_OCTET_AS && cap.readableBytes() == 4) {
                    asn = cap.readUnsignedInt();
                    fourOctet = true;
                } else if (code == CAP_MULTIPROTOCOL && cap.readableBytes() == 4) {
                    int afi = cap.readUnsignedShort();
                    cap.skipBytes(1);
                    mp.add(afi << 8 | cap.readUnsignedByte());
                }
            }
        }
        if (hold == 1 || hold == 2) {
            throw new BgpException(BgpException.OPEN, 6, "hold time " + hold + " s (must be 0 or at least 3)");
        }
        if (routerId == 0) {
            throw new BgpException(BgpException.OPEN, 3, "BGP identifier 0");
        }
        return new BgpMessage.Open(version, asn, hold, routerId, fourOctet, mp, extended);
    }
}
