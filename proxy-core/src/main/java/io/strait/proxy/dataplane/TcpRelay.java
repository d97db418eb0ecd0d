package io.strait.proxy.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.strait.nat.Flow;
import io.strait.nat.FlowKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied TCP connection: the accepted client channel and the backend channel it was joined
 * to. Both channels live on the client's event loop, so this object's fields need no volatile.
 *
 * <p>Flow control by writability: AUTO_READ is off on both sides, so one {@code read()} is one
 * socket read. What a side reads is written to the other without a flush; at read-complete the
 * other side is flushed and, while it stays writable, the side is read again. When the other side
 * goes over its high water mark the side is not read again until {@code channelWritabilityChanged}
 * says it drained below the low mark: a slow reader stalls its writer with at most the high water
 * mark plus one read pending per direction (on io_uring, which completes several reads per read(), the kernel socket buffer bounds it). Half-close is propagated: when one side shuts
 * its output the other side's output is shut after pending writes, and the pair closes once both
 * directions ended. With {@code --splice} on epoll the bulk of each direction moves by splice(2)
 * through a pipe and the copy path stays for the rest ({@link SplicePipe}). Connecting, with
 * retries and passive health, is {@link BackendConnect}'s. A joined connection is a flow in the
 * dataplane's table until it closes; the table's expiry closes it when idle.
 */
final class TcpRelay implements FlowOwner {
    private static final Logger log = LoggerFactory.getLogger(TcpRelay.class);
    final Channel client;
    final TcpFrontend frontend;
    private final Route route;
    private Channel backend;
    private Flow<InetSocketAddress> flow;
    private boolean clientInputDone;
    private boolean backendInputDone;
    private boolean closed;
    private long fromClient;
    private long toClient;
    private final long acceptedAt = System.nanoTime();
    private boolean firstByteSeen;
    /** Splice mode (epoll, {@code --splice}): the pipes, opened on a direction's first bulk read. */
    private final boolean splice;
    private SplicePipe toBackendPipe;
    private SplicePipe toClientPipe;
    private boolean clientSpliceFailed;
    private boolean backendSpliceFailed;

    TcpRelay(Channel client, TcpFrontend frontend) {
        this.client = client;
        this.frontend = frontend;
        this.route = frontend.route();
        this.splice = frontend.config.spliceActive();
    }

    Channel backend() {
        return backend;
    }

    boolean joined() {
        return flow != null && !closed;
    }

    void connect() {
        if (SourceRangeCheck.refuse(route, client)) {
            return;
        }
        new BackendConnect(this, (InetSocketAddress) client.remoteAddress()).attempt();
    }

    /** The connect attempt in progress (its channel is the backend until it fails). */
    void connecting(Channel channel) {
        backend = channel;
    }

    boolean closed() {
        return closed;
    }

    Route route() {
        return route;
    }

    /** The Service this connection was established through (its drain follows that Service's deletion). */
    io.strait.proxy.model.ServiceName service() {
        return route.spec.service().service();
    }

    /** The backend connect succeeded: enter the flow table, then start relaying. */
    void joined(InetSocketAddress clientAddress, InetSocketAddress endpoint) {
        if (frontend.flows.drains.drainOver(service())) { // connected after its deleted Service's drain swept
            // the client is cut (reset); the backend was sent nothing, so a plain close is enough
            route.stats.drainClosed.increment();
            closed = true;
            flushAndClose(backend);
            reset(client);
            return;
        }
        FlowKey key = new FlowKey(io.strait.nat.Protocol.TCP, clientAddress, frontend.frontend().address());
        flow = frontend.flows.insert(key, endpoint, this, frontend.flows.tcpIdleNanos);
        if (flow == null) {
            route.stats.refusedTableFull.increment();
            closed = true;
            reset(backend);
            reset(client);
            return;
        }
        route.stats.accepted.increment();
        route.stats.active.increment();
        ProxyHeader.write(route.spec.proxyProtocol(), client, backend);
        client.read();
        backend.read();
    }

    /**
     * A buffer read from one side: write it to the other, flushed at read-complete. In splice mode,
     * a read that filled its buffer is followed by a splice of what else the socket holds.
     */
    void forward(Channel from, Object msg) {
        Channel to = from == client ? backend : client;
        boolean bulk = false;
        if (msg instanceof ByteBuf buf) {
            int n = buf.readableBytes();
            count(from, n);
            bulk = splice && n >= SplicePipe.COPY_PART;
        }
        to.write(msg, to.voidPromise());
        if (bulk && !closed) { // the write may have failed and closed both (pipes released)
            spliceMore(from, to);
        }
    }

    private void count(Channel from, int n) {
        if (from == client) {
            fromClient += n;
        } else {
            toClient += n;
            if (!firstByteSeen) {
                firstByteSeen = true;
                route.stats.latency.firstByte(System.nanoTime() - acceptedAt);
            }
        }
    }

    /** Splices what {@code from}'s socket holds (up to the pipe's room) and queues it on {@code to}. */
    private void spliceMore(Channel from, Channel to) {
        if (closed) {
            return;
        }
        SplicePipe pipe = from == client ? toBackendPipe : toClientPipe;
        if (pipe == null) {
            if (from == client ? clientSpliceFailed : backendSpliceFailed) {
                return;
            }
            try {
                pipe = SplicePipe.open();
            } catch (IOException e) {
                // e.g. out of descriptors: this direction keeps copying
                log.debug("no splice pipe for {}: {}", from, e.toString());
                if (from == client) {
                    clientSpliceFailed = true;
                } else {
                    backendSpliceFailed = true;
                }
                return;
            }
            if (from == client) {
                toBackendPipe = pipe;
            } else {
                toClientPipe = pipe;
            }
        }
        int n;
        try {
            n = pipe.fill(SplicePipe.fd(from));
        } catch (IOException e) {
            // the splice took the socket's error: report it as a failed read would
            from.pipeline().fireExceptionCaught(e);
            return;
        }
        if (n > 0) {
            count(from, n);
            to.write(pipe.region(n, to), to.voidPromise());
        }
    }

    /** The side's read ended: flush the other side, and read again while it is writable. */
    void readComplete(Channel from) {
        Channel to = from == client ? backend : client;
        io.netty.channel.ChannelOutboundBuffer queued = to.unsafe().outboundBuffer();
        if (queued != null) { // before the flush: the most this direction holds
            route.stats.observePending(queued.totalPendingWriteBytes());
        }
        to.flush();
        countBytes();
        if (to.isWritable() && !inputDone(from)) {
            from.read();
        }
    }

    /** The channel's writability changed: resume reading its peer once it drained. */
    void writabilityChanged(Channel ch) {
        Channel peer = ch == client ? backend : client;
        if (ch.isWritable() && peer != null && !closed && !inputDone(peer)) {
            peer.read();
        }
    }

    private boolean inputDone(Channel side) {
        return side == client ? clientInputDone : backendInputDone;
    }

    private void countBytes() {
        if (fromClient != 0 || toClient != 0) {
            route.stats.bytesFromClients.add(fromClient);
            route.stats.bytesToClients.add(toClient);
            if (flow != null) {
                flow.addBytesFromClient(fromClient);
                flow.addBytesToClient(toClient);
                flow.touch();
            }
            fromClient = 0;
            toClient = 0;
        }
    }

    /** One side finished sending: finish the other side's output once pending writes are out. */
    void inputShutdown(Channel side) {
        Channel other = side == client ? backend : client;
        if (side == client) {
            clientInputDone = true;
        } else {
            backendInputDone = true;
        }
        if (clientInputDone && backendInputDone) {
            if (outputShutdown(other)) {
                closeBoth();
            } else {
                other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> closeBoth());
            }
            return;
        }
        other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && other instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                closeBoth();
            }
        });
    }

    void closeBoth() {
        end(false);
    }

    /**
     * Ends the relay. A normal end (a side closed, an error, the idle timeout) flushes what is
     * queued and closes; an abort (the proxy cuts the connection: its Service's drain ended, or the
     * proxy stops) resets both sides (SO_LINGER 0), so neither peer takes it for a complete stream.
     */
    private void end(boolean abort) {
        if (closed) {
            return;
        }
        closed = true;
        countBytes();
        if (flow != null) {
            // the table first: balancers read its per-backend counts, so once "active" reads 0 no
            // stale flow is still counted against a backend
            frontend.flows.remove(flow);
            route.stats.latency.duration(System.nanoTime() - acceptedAt);
            route.stats.active.decrement();
        }
        if (abort) {
            reset(client);
            if (backend != null) {
                reset(backend);
            }
        } else {
            flushAndClose(client);
            if (backend != null) {
                flushAndClose(backend);
            }
        }
        // queued regions keep their pipe open until they are written or discarded
        if (toBackendPipe != null) {
            toBackendPipe.release();
        }
        if (toClientPipe != null) {
            toClientPipe.release();
        }
    }

    @Override
    public void idleExpired() {
        client.eventLoop().execute(() -> {
            if (!closed) {
                route.stats.idleTimeouts.increment();
                closeBoth();
            }
        });
    }

    @Override
    public void drainEnded() {
        client.eventLoop().execute(() -> {
            if (!closed) {
                route.stats.drainClosed.increment();
                end(true);
            }
        });
    }

    /** The proxy stops: reset both sides (on this connection's event loop; called there). */
    void abort() {
        end(true);
    }

    /**
     * Whether this side's output was already shut down (its FIN sent): nothing can be written to it
     * any more, and a write would only fail (with an exception allocated per connection).
     */
    private static boolean outputShutdown(Channel ch) {
        return ch instanceof DuplexChannel duplex && duplex.isOutputShutdown();
    }

    private static void flushAndClose(Channel ch) {
        if (!ch.isRegistered()) {
            return; // never had a socket (its creation failed, e.g. out of descriptors): nothing to close
        }
        if (ch.isActive() && !outputShutdown(ch)) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }

    /** Closes with SO_LINGER 0, so the peer sees a RST at once (kube-proxy's "reject"). */
    static void reset(Channel ch) {
        if (!ch.isRegistered()) {
            return; // never had a socket: nothing to reset
        }
        try {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException ignored) {
            // already closed
        }
        ch.close();
    }
}
