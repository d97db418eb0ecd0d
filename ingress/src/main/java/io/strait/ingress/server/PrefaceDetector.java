package io.strait.ingress.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;

/**
 * On a plain-text listener, tells HTTP/2 with prior knowledge (h2c, RFC 9113 §3.3: the client
 * starts with the connection preface) from HTTP/1.1 by the first bytes, installs the matching
 * pipeline and removes itself; the bytes read so far go on to the new pipeline.
 */
final class PrefaceDetector extends ByteToMessageDecoder {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();
    private final IngressServer server;

    PrefaceDetector(IngressServer server) {
        this.server = server;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
        boolean prefix = ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, n);
        if (prefix && n < PREFACE.readableBytes()) {
            return;
        }
        if (prefix) {
            Pipelines.http2(ctx.pipeline(), server);
        } else {
            Pipelines.http1(ctx.pipeline(), server);
        }
        ctx.pipeline().remove(this);
    }
}
