package io.strait.allocator.bgp;

import io.netty.bootstrap.Bootstrap;
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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BGP-4 session to one peer, as MetalLB's {@code internal/bgp} session: the caller gives the
 * whole desired set of routes with {@link #set} and the session reconciles, announcing what is
 * new or changed and withdrawing what went away, now if Established or as soon as it is. It
 * connects actively and reconnects after any failure with exponential back-off (100 ms to 30 s).
 * Thread-safe: {@link #set} and {@link #close} may be called from any thread; everything else
 * runs on one event loop. {@link #close} ends the session with a Cease NOTIFICATION
 * (Administrative Shutdown, RFC 4486 and RFC 9003) before closing the connection. Every log line
 * names the BGPPeer object and the peer's address.
 */
public final class BgpSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BgpSession.class);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 30_000;
    /** How long {@link #close} waits for the Cease NOTIFICATION to be written and the connection closed. */
    static final long CLOSE_WAIT_MS = 2_000;

    /** FSM states (RFC 4271 §8.2.2; Active is folded into Connect). */
    public enum State { IDLE, CONNECT, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED }

    /**
     * @param peerName     the BGPPeer object as namespace/name (named in every log line)
     * @param localAddress the address to connect from (null: the kernel chooses)
     * @param routerId     the BGP Identifier (IPv4); null: derived per {@link RouterId#choose}
     * @param password     TCP MD5 key (RFC 2385), or null; needs an epoll event loop group
     * @param nodeName     this node's name: the BGP Identifier's last resort is its hash
     */
    public record Settings(String peerName, InetSocketAddress peer, InetAddress localAddress, long myAsn, long peerAsn,
                           InetAddress routerId, Duration holdTime, Duration keepalive, String password,
                           String nodeName) {
        public Settings {
            Objects.requireNonNull(peerName, "peerName");
            Objects.requireNonNull(peer, "peer");
            if (nodeName == null || nodeName.isEmpty()) {
                throw new IllegalArgumentException("nodeName must be set (the BGP Identifier may be derived from it)");
            }
        }

        /** The settings of a session from this node (named nodeName) to a validated BGPPeer. */
        public static Settings of(io.strait.allocator.config.BgpPeer p, String nodeName) {
            return new Settings(p.ref(), new InetSocketAddress(p.peerAddress(), p.peerPort()), p.sourceAddress(),
                    p.myAsn(), p.peerAsn(), p.routerId(), p.holdTime(), p.keepaliveTime(), p.password(), nodeName);
        }

        public boolean internal() {
            return myAsn == peerAsn;
        }

        /** How log lines name the session: {@code BGPPeer ns/name (address:port)}. */
        public String label() {
            return "BGPPeer " + peerName + " (" + peer.getAddress().getHostAddress() + ":" + peer.getPort() + ")";
        }
    }

    private final EventLoop loop;
    private final Class<? extends SocketChannel> channelClass;
    private final Settings settings;
    private volatile Map<Prefix, Advertisement> desired = Map.of();
    private volatile State state = State.IDLE;
    private volatile boolean closed;
    private final RouteSync routes;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private ChannelHandlerContext established;
    private boolean fourOctetAs;
    private Channel channel;
    private long backoffMs = MIN_BACKOFF_MS;
    private boolean peerSendsExtendedOpen;
    private final AtomicLong updatesSent = new AtomicLong();
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
        this.routes = new RouteSync(settings);
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
                                        + settings.label());
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
                log.debug("BGP connect to {} failed: {}", settings.label(), f.cause().toString());
            }
        });
        channel.closeFuture().addListener(f -> disconnected());
    }

    private void disconnected() {
        established = null;
        routes.clear();
        prefixesAnnounced = 0;
        state = State.IDLE;
        if (!closed) {
            log.info("BGP session with {} down; reconnecting in {} ms", settings.label(), backoffMs);
            loop.schedule(this::connect, backoffMs, TimeUnit.MILLISECONDS);
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
    }

    /**
     * Whether the peer's last OPEN came in RFC 9072's extended encoding: ours then use it too. A
     * conforming peer accepts either, but FRR with {@code extended-optional-parameters} misreads a
     * classic OPEN (it answers OPEN Message Error), so the first attempt fails, and the next,
     * 100 ms later, speaks the peer's encoding. A peer seen sending classic OPENs gets classic ones.
     */
    boolean peerSendsExtendedOpen() {
        return peerSendsExtendedOpen;
    }

    void peerSendsExtendedOpen(boolean extended) {
        if (extended != peerSendsExtendedOpen) {
            log.info("BGP session with {}: the peer sends its OPEN in {} encoding; ours follow it", settings.label(),
                    extended ? "RFC 9072's extended" : "RFC 4271's");
            peerSendsExtendedOpen = extended;
        }
    }

    /** Called by the FSM on the event loop when its connection is up (the one {@link #close} ends). */
    void connected(Channel ch) {
        channel = ch;
    }

    /** Called by the FSM on the event loop when the session becomes Established. */
    void established(ChannelHandlerContext ctx, boolean fourOctetAs) {
        this.established = ctx;
        this.fourOctetAs = fourOctetAs;
        this.backoffMs = MIN_BACKOFF_MS;
        log.info("BGP session with {} established", settings.label());
        reconcile();
    }

    private void reconcile() {
        ChannelHandlerContext ctx = established;
        if (ctx == null || !ctx.channel().isActive()) {
            return;
        }
        InetAddress self = ctx.channel().localAddress() instanceof InetSocketAddress a ? a.getAddress()
                : settings.localAddress();
        updatesSent.addAndGet(routes.sync(ctx, desired, self, fourOctetAs));
        prefixesAnnounced = routes.size();
        ctx.flush();
    }

    /**
     * Stops the session for good: on a connected session (OpenSent, OpenConfirm or Established)
     * sends a Cease NOTIFICATION, subcode Administrative Shutdown (RFC 4486 §4, with an RFC 9003
     * shutdown communication), then closes the connection; no reconnect follows. Called from
     * another thread, waits until the connection is closed (at most {@value #CLOSE_WAIT_MS} ms), so
     * a process that exits right after has handed the NOTIFICATION to the kernel first.
     */
    @Override
    public void close() {
        closed = true;
        try {
            loop.execute(this::stop);
        } catch (RejectedExecutionException e) {
            return; // the event loop is gone, and the connection with it
        }
        if (loop.inEventLoop()) {
            return;
        }
        try {
            stopped.get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("BGP session with {}: not closed after {} ms", settings.label(), CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop() {
        if (channel == null || !channel.isOpen()) {
            stopped.complete(null);
            return;
        }
        channel.closeFuture().addListener(f -> stopped.complete(null));
        SessionHandler handler = channel.pipeline().get(SessionHandler.class);
        if (handler != null && channel.isActive()) {
            handler.cease(BgpException.CEASE_ADMINISTRATIVE_SHUTDOWN, SHUTDOWN_COMMUNICATION);
        } else {
            channel.close();
        }
    }

    /** The RFC 9003 shutdown communication sent with the Cease on {@link #close}. */
    static final String SHUTDOWN_COMMUNICATION = "Strait speaker stopping";

    @Override
    public String toString() {
        return "BgpSession[" + settings.label() + " " + state + "]";
    }

}
