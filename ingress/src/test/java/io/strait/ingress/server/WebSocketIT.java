package io.strait.ingress.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.strait.ingress.api.IngressClassObject;
import io.strait.ingress.api.IngressObject;
import io.strait.ingress.api.IngressObject.Backend;
import io.strait.ingress.api.IngressObject.Path;
import io.strait.ingress.api.IngressObject.Rule;
import io.strait.ingress.api.Meta;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.compile.IngressCompiler;
import io.strait.ingress.compile.RouteSink;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.testing.EchoBackend;
import io.strait.ingress.testing.RawClient;
import io.strait.ingress.testing.TestCluster;
import io.strait.proxy.dataplane.Transport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WebSocket upgrade passthrough: the 101 is relayed and the connection becomes a tunnel both ways. */
class WebSocketIT {
    static final Transport TRANSPORT = Transport.best();
    EventLoopGroup group;
    Channel wsBackend;
    EchoBackend http;
    RouteSink sink;
    IngressServer server;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, TRANSPORT.ioHandlerFactory());
        wsBackend = new ServerBootstrap().group(group).channel(TRANSPORT.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler("/ws"),
                                new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame f) {
                                        ctx.writeAndFlush(new TextWebSocketFrame("echo:" + f.text()));
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        http = new EchoBackend("plain", group, TRANSPORT, false);
        sink = new RouteSink();
        InetSocketAddress ws = (InetSocketAddress) wsBackend.localAddress();
        IngressObject ing = new IngressObject(Meta.of("ns", "ws"), null, null, List.of(new Rule(null, List.of(
                new Path("/ws", "Exact", Backend.service("ws", 80)),
                new Path("/plain", "Prefix", Backend.service("plain", 80))))), List.of());
        RouteTable t = sink.update(new RouteObjects(List.of(), List.of(), List.of(), List.of(),
                List.of(new IngressClassObject("strait", IngressCompiler.CONTROLLER,
                        Map.of(IngressClassObject.DEFAULT_CLASS_ANNOTATION, "true"))), List.of(ing), List.of()),
                new TestCluster().service("ns", "ws", 80, "http", ws).service("ns", "plain", 80, "http", http.address())
                        .state());
        assertThat(t.problems()).isEmpty();
        server = IngressServer.startHttp(new InetSocketAddress("127.0.0.1", 0), RouterConfig.DEFAULTS, group, TRANSPORT,
                sink::table, RouteTable::ingress);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        wsBackend.close().sync();
        http.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void upgradesAndRelaysFramesBothWays() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        received.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            ws.sendText("m" + i, true).get(5, TimeUnit.SECONDS);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("echo:m" + i);
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }

    @Test
    void plainRequestsStillPoolWhileAnUpgradeIsRefused() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.get("h", "/plain", "Connection: Upgrade", "Upgrade: websocket");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.echoed("upgrade")).isEqualTo("websocket");
            assertThat(c.get("h", "/plain").status()).isEqualTo(200);
        }
        assertThat(http.connections.get()).isEqualTo(1);
    }
}
