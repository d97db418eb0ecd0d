package io.strait.proxy.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.strait.nat.Flow;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One UDP client flow: the client, its endpoint, the connected socket to that endpoint and its
 * flow-table entry. Confined to its {@link UdpPort}'s event loop, except {@link #idleExpired} and
 * {@link #drainEnded}, which hop onto it. Datagrams that arrive while the socket is still connecting
 * wait in a small bounded queue (further ones are dropped, as a full socket buffer would).
 */
final class UdpFlow implements FlowOwner {
    private static final int MAX_PENDING = 64;

    final InetSocketAddress client;
    final InetSocketAddress endpoint;
    final PortStats stats;
    private final UdpPort port;
    Flow<InetSocketAddress> entry;
    private Channel channel;
    private ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private boolean closed;

    private final long startedAt = System.nanoTime();

    UdpFlow(UdpPort port, InetSocketAddress client, InetSocketAddress endpoint, PortStats stats) {
        this.port = port;
        this.client = client;
        this.endpoint = endpoint;
        this.stats = stats;
    }

    void attach(ChannelFuture connecting) {
        this.channel = connecting.channel();
        connecting.addListener(f -> {
            if (port.eventLoop().inEventLoop()) {
                connected(connecting);
            } else { // a socket that could not be created fails on Netty's global executor
                port.eventLoop().execute(() -> connected(connecting));
            }
        });
    }

    /** The socket to the endpoint is connected, or failed (on the port's event loop). */
    private void connected(ChannelFuture f) {
        if (closed) {
            if (channel.isRegistered()) {
                channel.close();
            }
            return;
        }
        if (!f.isSuccess()) {
            if (FdExhaustion.is(f.cause())) {
                stats.refusedNoDescriptors.increment();
                port.problems().warn("udp fd", "a UDP flow from " + client + " to " + endpoint + " failed: "
                        + TcpRelayHandlers.causes(f.cause()) + "; the proxy is out of file descriptors:"
                        + " its datagrams are dropped");
            }
            stats.udpDatagramsDropped.add(pending.size());
            port.forget(this);
            return;
        }
        ArrayDeque<ByteBuf> queued = pending;
        pending = null;
        for (ByteBuf b : queued) {
            channel.write(b, channel.voidPromise());
        }
        channel.flush();
    }

    boolean isOpen() {
        return !closed;
    }

    void touch() {
        entry.touch();
    }

    /** Sends one datagram's payload (n bytes) to the endpoint; takes ownership of buf. */
    void send(ByteBuf buf, int n) {
        entry.addBytesFromClient(n);
        if (closed) {
            drop(buf);
        } else if (pending != null) {
            if (pending.size() < MAX_PENDING) {
                pending.add(buf);
            } else {
                drop(buf);
            }
        } else if (!channel.isWritable()) { // the socket's buffer and the write queue are full: overload
            drop(buf);
        } else {
            channel.writeAndFlush(buf, channel.voidPromise());
        }
    }

    private void drop(ByteBuf buf) {
        buf.release();
        stats.udpDatagramsDropped.increment();
    }

    /** A datagram of n bytes came back from the endpoint. */
    void replied(int n) {
        entry.addBytesToClient(n);
        entry.touch();
        stats.bytesToClients.add(n);
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        stats.udpFlowsActive.decrement();
        stats.latency.duration(System.nanoTime() - startedAt);
        port.removeEntry(entry);
        if (pending != null) {
            pending.forEach(ByteBuf::release);
            pending.clear();
        }
        if (channel != null && channel.isRegistered()) { // not if its socket could not be created
            channel.close();
        }
    }

    @Override
    public void idleExpired() {
        port.eventLoop().execute(() -> {
            if (!closed) {
                stats.idleTimeouts.increment();
                port.forget(this);
            }
        });
    }

    @Override
    public void drainEnded() {
        port.eventLoop().execute(() -> port.forget(this));
    }
}
