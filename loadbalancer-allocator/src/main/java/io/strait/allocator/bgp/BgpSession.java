package io.strait.allocator.bgp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BGP-4 session to one peer, as MetalLB's {@code internal/bgp} session: the caller gives the
 * whole desired set of routes with {@link #set} and the session reconciles, announcing what is
 * new or changed and withdrawing what went away, now if Established or as soon as it is. It
 * connects actively and reconnects after any failure with exponential back-off (100 ms to 30 s).
 * Thread-safe: {@link #set} and {@link #close} may be called from any thread; everything else
 * runs on one event loop.
 */
public final class BgpSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BgpSession.class);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 30_000;

    /** FSM states (RFC 4271 §8.2.2; Active is folded into Connect). */
    public enum State { IDLE, CONNECT, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED }

    /**
     * @param localAddress the address to connect from (null: the kernel chooses)
     * @param routerId     null: the local address of the connection
     * @param password     TCP MD5 key (RFC 2385), or null; needs an epoll event loop group
     */
    public record Settings(InetSocketAddress peer, InetAddress localAddress, long myAsn, long peerAsn,
                           InetAddress routerId, Duration holdTime, Duration keepalive, String password) {
        public boolean internal() {
            return myAsn == peerAsn;
        }
    }

    private final EventLoop loop;
    private final Class<? extends SocketChannel> channelClass;
    private final Settings settings;
    private volatile Map<Prefix, Advertisement> desired = Map.of();
    private volatile State state = State.IDLE;
    private volatile boolean closed;
    private final Map<Prefix, Advertisement> advertised = new HashMap<>();
    private ChannelHandlerContext established;
    private boolean fourOctetAs;
    private Channel channel;
    private long backoffMs = MIN_BACKOFF_MS;
    private final java.util.concurrent.atomic.AtomicLong updatesSent = new java.util.concurrent.atomic.AtomicLong();
    private volatile int prefixesAnnounced;

    /** A session on NIO channels (no TCP MD5). */
    public BgpSession(EventLoopGroup group, Settings settings) {
        this(group, NioSocketChannel.class, settings);
    }

    /** A session on the given channel type, which must match the group (epoll for TCP MD5). */
    public BgpSession(EventLoopGroup group, Class<? extends SocketChannel> channelClass, Settings settings) {
        this.loop = group.next();
        this.channelClass = channelClass;
        this.settings = settings;
    }

    public void start() {
        loop.execute(this::connect);
    }

    /** Replaces the whole set of routes this session announces. */
    public void set(Collection<Advertisement> advertisements) {
        Map<Prefix, Advertisement> next = new HashMap<>();
        for (Advertisement a : advertisements) {
            next.put(a.prefix(), a);
        }
        desired = Map.copyOf(next);
        loop.execute(this::reconcile);
    }

    public State state() {
        return state;
    }

    /** UPDATE messages sent (announcements and withdrawals) since this session was created. */
    public long updatesSent() {
        return updatesSent.get();
    }

    /** Prefixes the peer currently holds from this session (0 while not Established). */
    public int prefixesAnnounced() {
        return prefixesAnnounced;
    }

    void state(State s) {
        state = s;
    }

    private void connect() {
        if (closed) {
            return;
        }
        state = State.CONNECT;
        Bootstrap b = new Bootstrap().group(loop).channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) throws java.io.IOException {
                        if (settings.password() != null) {
                            if (!(ch instanceof io.netty.channel.unix.UnixChannel unix)) {
                                throw new java.io.IOException("TCP MD5 needs the epoll transport; not connecting to "
                                        + settings.peer());
                            }
                            TcpMd5.set(unix.fd().intValue(), settings.peer().getAddress(), settings.password());
                        }
                        ch.pipeline().addLast(new BgpFrameDecoder(), new SessionHandler(BgpSession.this, settings));
                    }
                });
        var future = settings.localAddress() == null ? b.connect(settings.peer())
                : b.connect(settings.peer(), new InetSocketAddress(settings.localAddress(), 0));
        channel = future.channel();
        future.addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("BGP connect to {} failed: {}", settings.peer(), f.cause().toString());
            }
        });
        channel.closeFuture().addListener(f -> disconnected());
    }

    private void disconnected() {
        established = null;
        advertised.clear();
        prefixesAnnounced = 0;
        state = State.IDLE;
        if (!closed) {
            log.info("BGP session with {} down; reconnecting in {} ms", settings.peer(), backoffMs);
            loop.schedule(this::connect, backoffMs, TimeUnit.MILLISECONDS);
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
    }

    /** Called by the FSM on the event loop when the session becomes Established. */
    void established(ChannelHandlerContext ctx, boolean fourOctetAs) {
        this.established = ctx;
        this.fourOctetAs = fourOctetAs;
        this.backoffMs = MIN_BACKOFF_MS;
        log.info("BGP session with {} established", settings.peer());
        reconcile();
    }

    private void reconcile() {
        ChannelHandlerContext ctx = established;
        if (ctx == null || !ctx.channel().isActive()) {
            return;
        }
        Map<Prefix, Advertisement> want = desired;
        InetAddress self = ctx.channel().localAddress() instanceof InetSocketAddress a ? a.getAddress()
                : settings.localAddress();
        for (var it = advertised.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!want.containsKey(e.getKey())) {
                ctx.write(UpdateEncoder.withdraw(ctx.alloc(), e.getKey()));
                updatesSent.incrementAndGet();
                it.remove();
            }
        }
        for (Advertisement a : want.values()) {
            if (!a.equals(advertised.get(a.prefix()))) {
                InetAddress nextHop = a.nextHop() != null ? a.nextHop() : self;
                if (nextHop == null || a.prefix().ipv6() != (nextHop.getAddress().length == 16)) {
                    log.warn("BGP {}: no {} next hop on this session for {}; not announced", settings.peer(),
                            a.prefix().ipv6() ? "IPv6" : "IPv4", a.prefix());
                    continue;
                }
                ByteBuf update = UpdateEncoder.announce(ctx.alloc(), a, nextHop, settings.myAsn(),
                        settings.internal(), fourOctetAs);
                ctx.write(update);
                updatesSent.incrementAndGet();
                advertised.put(a.prefix(), a);
            }
        }
        prefixesAnnounced = advertised.size();
        ctx.flush();
    }

    @Override
    public void close() {
        closed = true;
        loop.execute(() -> {
            if (channel != null) {
                channel.close();
            }
        });
    }

    @Override
    public String toString() {
        return "BgpSession[" + settings.peer() + " " + state + "]";
    }

}
