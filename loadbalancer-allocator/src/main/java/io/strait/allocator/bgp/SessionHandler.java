package io.strait.allocator.bgp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGP finite state machine of one connection (RFC 4271 §8), from Connect: send OPEN
 * (OpenSent), check the peer's OPEN and answer KEEPALIVE (OpenConfirm), on its KEEPALIVE become
 * Established. Hold timer (negotiated, the smaller of both) and keepalive timer (a third of it,
 * or the configured keepalive if smaller). Any error: NOTIFICATION, then close. Runs on the
 * channel's event loop only.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);
    static final int LARGE_HOLD_SECONDS = 240; // §8: hold timer while waiting for OPEN

    private final BgpSession session;
    private final BgpSession.Settings settings;
    private BgpSession.State state = BgpSession.State.CONNECT;
    private boolean fourOctetAs;
    private int holdSeconds = LARGE_HOLD_SECONDS;
    private ScheduledFuture<?> holdTimer;
    private ScheduledFuture<?> keepaliveTimer;
    private boolean done;
    private ChannelHandlerContext context;

    SessionHandler(BgpSession session, BgpSession.Settings settings) {
        this.session = session;
        this.settings = settings;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session.connected(ctx.channel());
        ctx.writeAndFlush(BgpCodec.encode(ctx.alloc(), new BgpMessage.Open(4, settings.myAsn(),
                (int) settings.holdTime().toSeconds(), routerId(ctx), true, List.of(1 << 8 | 1, 2 << 8 | 1),
                session.peerSendsExtendedOpen())));
        state(BgpSession.State.OPEN_SENT);
        restartHold(ctx);
        ctx.fireChannelActive();
    }

    private long routerId(ChannelHandlerContext ctx) {
        InetAddress local = ctx.channel().localAddress() instanceof InetSocketAddress a ? a.getAddress()
                : settings.localAddress();
        long id = RouterId.choose(settings.routerId(), local, settings.nodeName(), RouterId.Interfaces.HOST);
        log.debug("BGP session with {}: BGP Identifier {}", settings.label(), RouterId.format(id));
        return id;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            return; // the session is ending: later messages of the same read are dropped
        }
        try {
            switch (msg) {
                case BgpException e -> throw e;
                case BgpMessage.Notification n -> {
                    log.warn("BGP session with {}: the peer sent {}", settings.label(), n);
                    done = true;
                    ctx.close();
                    return;
                }
                case BgpMessage.Open o when state == BgpSession.State.OPEN_SENT -> open(ctx, o);
                case BgpMessage.Keepalive k when state == BgpSession.State.OPEN_CONFIRM -> {
                    state(BgpSession.State.ESTABLISHED);
                    session.established(ctx, fourOctetAs);
                }
                case BgpMessage.Keepalive k when state == BgpSession.State.ESTABLISHED -> { }
                case BgpMessage.Update u when state == BgpSession.State.ESTABLISHED -> { }
                default -> throw new BgpException(BgpException.FSM, 0, "unexpected " + msg.getClass().getSimpleName()
                        + " in state " + state);
            }
            restartHold(ctx);
        } catch (BgpException e) {
            fail(ctx, e);
        }
    }

    private void open(ChannelHandlerContext ctx, BgpMessage.Open o) throws BgpException {
        if (o.asn() != settings.peerAsn()) {
            throw new BgpException(BgpException.OPEN, 2, "peer AS " + o.asn() + ", expected " + settings.peerAsn());
        }
        session.peerSendsExtendedOpen(o.extendedParameters());
        fourOctetAs = o.fourOctetAs();
        int ours = (int) settings.holdTime().toSeconds();
        holdSeconds = Math.min(ours, o.holdTime());
        ctx.writeAndFlush(BgpCodec.encode(ctx.alloc(), new BgpMessage.Keepalive()));
        state(BgpSession.State.OPEN_CONFIRM);
        if (holdSeconds > 0) {
            long keepaliveMillis = Math.min(settings.keepalive().toMillis(), holdSeconds * 1000L / 3);
            keepaliveTimer = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(
                    BgpCodec.encode(ctx.alloc(), new BgpMessage.Keepalive())), keepaliveMillis, keepaliveMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void restartHold(ChannelHandlerContext ctx) {
        if (holdTimer != null) {
            holdTimer.cancel(false);
        }
        if (holdSeconds > 0) {
            holdTimer = ctx.executor().schedule(() -> fail(ctx, new BgpException(BgpException.HOLD_TIMER, 0,
                    "no message from the peer for " + holdSeconds + " s")), holdSeconds, TimeUnit.SECONDS);
        }
    }

    private void fail(ChannelHandlerContext ctx, BgpException e) {
        if (done) {
            return;
        }
        done = true;
        log.warn("BGP session with {}: {}; sending {}", settings.label(), e.getMessage(), e.notification());
        ctx.writeAndFlush(BgpCodec.encode(ctx.alloc(), e.notification())).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Ends the session on our side: a Cease NOTIFICATION with this subcode (and, for
     * Administrative Shutdown, the RFC 9003 shutdown communication), then close once it is written.
     */
    void cease(int subcode, String communication) {
        ChannelHandlerContext ctx = context;
        if (done) {
            ctx.close();
            return;
        }
        done = true;
        BgpMessage.Notification n = new BgpMessage.Notification(BgpException.CEASE, subcode,
                BgpException.shutdownCommunication(communication));
        log.info("BGP session with {}: sending {} and closing", settings.label(), n);
        ctx.writeAndFlush(BgpCodec.encode(ctx.alloc(), n)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        done = true;
        log.warn("BGP session with {} failed: {}", settings.label(), cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done = true;
        if (holdTimer != null) {
            holdTimer.cancel(false);
        }
        if (keepaliveTimer != null) {
            keepaliveTimer.cancel(false);
        }
        state(BgpSession.State.IDLE);
        ctx.fireChannelInactive();
    }

    private void state(BgpSession.State next) {
        state = next;
        session.state(next);
    }
}
