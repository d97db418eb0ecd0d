package io.strait.ingress.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/** After the TLS handshake: HTTP/2 when ALPN chose h2, else HTTP/1.1. */
final class AlpnHandler extends ApplicationProtocolNegotiationHandler {
    private final IngressServer server;

    AlpnHandler(IngressServer server) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.server = server;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            Pipelines.http2(ctx.pipeline(), server);
        } else {
            Pipelines.http1(ctx.pipeline(), server);
        }
    }
}
