package io.strait.ingress.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.strait.ingress.route.Action;
import io.strait.ingress.route.Decision;
import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.RouteTable;
import io.strait.lb.Balancer;
import io.strait.lb.Endpoint;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One client connection. Requests are handled one at a time, in order (pipelined ones wait in the
 * queue, reading pauses meanwhile). Each request is decided on the table read once when its
 * headers arrive, so a table swap mid-request changes nothing for it. A forwarded request streams
 * to a backend connection (pooled, or a new connect retried on the next endpoint); a local answer
 * (400, 404, 431, 502, redirect...) discards the request body. Confined to the event loop.
 *
 * <p>Longer than most files: it is one state machine (IDLE → CONNECTING → FORWARDING → IDLE, or
 * DISCARDING after a local answer, CLOSING at the end) and splitting it would scatter its
 * transitions. The backend half is {@link BackendHandler}; after a WebSocket 101 both sides
 * become {@link TunnelHandler}s.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
    private enum State { IDLE, CONNECTING, FORWARDING, DISCARDING, CLOSING }

    /** RFC 9110 §9.2.2: only these may be sent again automatically. */
    private static final java.util.Set<String> IDEMPOTENT = java.util.Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private final IngressServer server;
    private final ArrayDeque<HttpObject> queue = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private State state = State.IDLE;
    private boolean keepAlive;
    private boolean requestDone;
    private boolean responseStarted;
    private boolean upgradeRequested;
    private boolean reused;
    private boolean replayable;
    private boolean fresh;
    private HttpRequest sent;
    private ObjectRef route;
    private long startNanos;
    private long sentNanos;
    private long upstreamNanos;
    private int status;
    private HttpRequest outbound;
    private Balancer balancer;
    private int attempt;
    private Channel backend;
    private ScheduledFuture<?> responseTimer;

    FrontendHandler(IngressServer server) {
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    Channel channel() {
        return ctx.channel();
    }

    boolean clientKeepAlive() {
        return keepAlive;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.CLOSING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        queue.add((HttpObject) msg);
        drain();
    }

    /** Moves queued objects along as far as the state allows, then sets reading accordingly. */
    void drain() {
        boolean wrote = false;
        loop:
        while (!queue.isEmpty()) {
            switch (state) {
                case IDLE -> {
                    HttpObject o = queue.poll();
                    if (o instanceof FullHttpRequest full) {
                        // HTTP/2 streams ending with their HEADERS frame arrive as one object: split it
                        // so the body (its buffer moves, not copied) follows the usual path.
                        HttpRequest head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(),
                                full.headers());
                        head.setDecoderResult(full.decoderResult());
                        queue.addFirst(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
                        start(head);
                    } else if (o instanceof HttpRequest r) {
                        start(r);
                    } else {
                        ReferenceCountUtil.release(o);
                    }
                }
                case DISCARDING -> {
                    HttpObject o = queue.poll();
                    ReferenceCountUtil.release(o);
                    if (o instanceof LastHttpContent) {
                        state = State.IDLE;
                    }
                }
                case FORWARDING -> {
                    if (requestDone || !backend.isWritable()) {
                        break loop;
                    }
                    HttpObject o = queue.poll();
                    backend.write(o);
                    wrote = true;
                    requestDone = o instanceof LastHttpContent;
                    replayable &= requestDone && !((LastHttpContent) o).content().isReadable();
                }
                default -> {
                    break loop;
                }
            }
        }
        if (wrote) {
            backend.flush();
        }
        boolean read = state == State.IDLE || state == State.DISCARDING
                || (state == State.FORWARDING && !requestDone && backend.isWritable());
        ctx.channel().config().setAutoRead(read);
    }

    private void start(HttpRequest r) {
        requestDone = false;
        responseStarted = false;
        fresh = false;
        route = null;
        startNanos = System.nanoTime();
        upstreamNanos = -1;
        upgradeRequested = ForwardHeaders.isUpgrade(r) && !(ctx.channel() instanceof Http2StreamChannel);
        DecoderResult dr = r.decoderResult();
        if (dr.isFailure()) {
            Throwable c = dr.cause();
            int code = c instanceof TooLongHttpHeaderException ? 431 : c instanceof TooLongHttpLineException ? 414 : 400;
            keepAlive = false;
            respondLocal(Responses.text(ctx.alloc(), code, "malformed request: " + c.getMessage(), false));
            return;
        }
        NettyRequestView view = new NettyRequestView(r);
        keepAlive = HttpUtil.isKeepAlive(r) && r.protocolVersion().equals(HttpVersion.HTTP_1_1);
        if (!view.valid()) {
            keepAlive = false;
            respondLocal(Responses.text(ctx.alloc(), 400, "bad request: one Host header and an absolute path are required",
                    false));
            return;
        }
        RouteTable table = server.table();
        Decision decision = Decision.decide(table, server.router(table), view, server.scheme(), server.port(),
                bound -> ThreadLocalRandom.current().nextInt(bound));
        route = switch (decision) {
            case Decision.Forward f -> f.rule().source();
            case Decision.Redirect x -> x.rule().source();
            case Decision.Status st -> st.rule() == null ? null : st.rule().source();
        };
        switch (decision) {
            case Decision.Forward f -> {
                Action.Forward a = (Action.Forward) f.rule().action();
                InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
                outbound = ForwardHeaders.toBackend(r, view.originForm(), client.getAddress(), server.scheme(),
                        a.headerEdits());
                balancer = f.backend().balancer();
                attempt = 0;
                state = State.CONNECTING;
                connect();
            }
            case Decision.Redirect x -> respondLocal(Responses.redirect(ctx.alloc(), x.status(), x.location(), keepAlive));
            case Decision.Status s -> respondLocal(Responses.text(ctx.alloc(), s.status(), s.reason(), keepAlive));
        }
    }

    /** Answers the current request here; its remaining body is discarded (or the connection closed). */
    private void respondLocal(FullHttpResponse response) {
        record(response.status().code());
        if (!keepAlive) {
            response.headers().set("connection", "close");
            state = State.CLOSING;
            releaseQueue();
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(response);
        state = requestDone ? State.IDLE : State.DISCARDING;
    }

    private void connect() {
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        Endpoint e = attempt < server.config().connectAttempts() ? balancer.pick(client, attempt) : null;
        if (e == null) {
            respondLocal(Responses.text(ctx.alloc(), 502, "no backend accepted the connection after " + attempt
                    + " attempt(s)", keepAlive));
            drain();
            return;
        }
        Channel pooled = fresh ? null : server.pool().take(e.address());
        if (pooled != null) {
            reused = true;
            attach(pooled);
            return;
        }
        server.connect(ctx.channel(), e.address()).addListener((ChannelFutureListener) f -> {
            if (state != State.CONNECTING || !ctx.channel().isActive()) {
                f.channel().close();
            } else if (f.isSuccess()) {
                reused = false;
                attach(f.channel());
            } else {
                attempt++;
                connect();
            }
        });
    }

    private void attach(Channel ch) {
        backend = ch;
        ch.pipeline().get(BackendHandler.class).bind(this);
        ch.config().setAutoRead(true);
        ch.write(outbound);
        sentNanos = System.nanoTime();
        sent = outbound;
        outbound = null;
        replayable = IDEMPOTENT.contains(sent.method().name());
        state = State.FORWARDING;
        long ms = server.config().responseTimeout().toMillis();
        responseTimer = ctx.executor().schedule(this::responseTimedOut, ms, TimeUnit.MILLISECONDS);
        drain();
        ch.flush();
    }

    boolean upgradeRequested() {
        return upgradeRequested;
    }

    /**
     * The backend switched protocols (101): the answer goes to the client, then both connections
     * become a byte tunnel; the backend connection is never pooled again.
     */
    void upgraded(io.netty.handler.codec.http.HttpResponse response) {
        cancelTimer();
        upstreamNanos = System.nanoTime() - sentNanos;
        record(101);
        Channel b = backend;
        backend = null;
        state = State.CLOSING;
        releaseQueue();
        ctx.write(response);
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        ChannelPipeline p = ctx.pipeline();
        TunnelHandler.install(ctx.channel(), b);
        p.remove(IdleStateHandler.class);
        p.remove(this);
        p.remove(HttpServerCodec.class);
    }

    void responseStarted(int code) {
        responseStarted = true;
        status = code;
        upstreamNanos = System.nanoTime() - sentNanos;
        cancelTimer();
    }

    void writeToClient(HttpObject msg, boolean last) {
        ctx.write(msg);
        if (last) {
            ctx.flush();
        }
        if (!ctx.channel().isWritable() && backend != null) {
            ctx.flush();
            backend.config().setAutoRead(false);
        }
    }

    void flushClient() {
        ctx.flush();
    }

    void backendWritable() {
        drain();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && backend != null) {
            backend.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The backend's response ended: the connection goes back to the pool when both sides allow it. */
    void responseComplete() {
        cancelTimer();
        record(status);
        Channel b = backend;
        BackendHandler bh = b.pipeline().get(BackendHandler.class);
        boolean reuse = bh.keepAlive() && requestDone;
        bh.unbind();
        backend = null;
        if (reuse) {
            b.config().setAutoRead(true);
            server.pool().offer(bh.endpoint(), b);
        } else {
            b.close();
        }
        if (!keepAlive) {
            state = State.CLOSING;
            releaseQueue();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        state = requestDone ? State.IDLE : State.DISCARDING;
        drain();
    }

    /** The backend closed while bound: 502 when nothing was relayed yet, else the client is cut too. */
    void backendClosed() {
        cancelTimer();
        backend = null;
        if (state != State.FORWARDING) {
            return;
        }
        if (!responseStarted && reused && replayable && requestDone) {
            // A pooled connection the backend closed as we reused it (the keep-alive race): a request
            // without body was not processed, so it is sent again, on a new connection.
            outbound = sent;
            requestDone = false;
            fresh = true;
            queue.addFirst(LastHttpContent.EMPTY_LAST_CONTENT);
            state = State.CONNECTING;
            connect();
            return;
        }
        if (responseStarted) {
            record(status);
            state = State.CLOSING;
            releaseQueue();
            ctx.close();
            return;
        }
        respondLocal(Responses.text(ctx.alloc(), 502, "the backend closed the connection before responding", keepAlive));
        drain();
    }

    private void responseTimedOut() {
        if (state != State.FORWARDING || responseStarted || backend == null) {
            return;
        }
        Channel b = backend;
        b.pipeline().get(BackendHandler.class).unbind();
        backend = null;
        b.close();
        keepAlive = false;
        respondLocal(Responses.text(ctx.alloc(), 504, "the backend did not answer within "
                + server.config().responseTimeout(), false));
    }

    private void record(int code) {
        server.metrics().recorder(route).request(code, System.nanoTime() - startNanos, upstreamNanos);
    }

    private void cancelTimer() {
        if (responseTimer != null) {
            responseTimer.cancel(false);
            responseTimer = null;
        }
    }

    private void releaseQueue() {
        HttpObject o;
        while ((o = queue.poll()) != null) {
            ReferenceCountUtil.release(o);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && state == State.IDLE) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        state = State.CLOSING;
        releaseQueue();
        if (backend != null) {
            backend.pipeline().get(BackendHandler.class).unbind();
            backend.close();
            backend = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
