package io.strait.allocator.bgp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the TCP stream into BGP messages (RFC 4271 §4.1, §6.1): checks the marker, the length
 * (19-4096 and the type's minimum) and decodes the body. A protocol error is passed on as a
 * {@link BgpException} (the FSM answers with a NOTIFICATION and closes); after it, input is
 * discarded. No exception escapes: hostile input only ever ends the session. One per channel.
 */
final class BgpFrameDecoder extends ByteToMessageDecoder {
    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < BgpCodec.HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        try {
            for (int i = 0; i < 16; i++) {
                if (in.getUnsignedByte(start + i) != 0xff) {
                    throw new BgpException(BgpException.HEADER, 1, "bad marker (connection not synchronised)");
                }
            }
            int length = in.getUnsignedShort(start + 16);
            int type = in.getUnsignedByte(start + 18);
            int min = switch (type) {
                case BgpMessage.OPEN -> 29;
                case BgpMessage.UPDATE -> 23;
                case BgpMessage.NOTIFICATION -> 21;
                default -> BgpCodec.HEADER_LENGTH;
            };
            if (length < min || length > BgpCodec.MAX_LENGTH
                    || (type == BgpMessage.KEEPALIVE && length != BgpCodec.HEADER_LENGTH)) {
                throw new BgpException(BgpException.HEADER, 2, new byte[] {(byte) (length >> 8), (byte) length},
                        "bad message length " + length + " for type " + type);
            }
            if (in.readableBytes() < length) {
                return;
            }
            ByteBuf body = in.slice(start + BgpCodec.HEADER_LENGTH, length - BgpCodec.HEADER_LENGTH);
            in.skipBytes(length);
            out.add(BgpCodec.decode(type, body));
        } catch (BgpException e) {
            fail(in, out, e);
        } catch (RuntimeException e) {
            fail(in, out, new BgpException(BgpException.HEADER, 0, "undecodable message: " + e));
        }
    }

    private void fail(ByteBuf in, List<Object> out, BgpException e) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(e);
    }
}
