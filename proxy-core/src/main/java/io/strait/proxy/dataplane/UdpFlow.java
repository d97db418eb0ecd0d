package io.strait.proxy.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One UDP client flow: the client, its endpoint, and the connected socket to that endpoint.
 * Confined to the frontend's event loop. Datagrams that arrive while the socket is still
 * connecting wait in a small bounded queue (further ones are dropped, as a full socket buffer would).
 */
final class UdpFlow {
    private static final int MAX_PENDING = 64;

    final InetSocketAddress client;
    final InetSocketAddress endpoint;
    final PortStats stats;
    long lastSeen = System.nanoTime();
    private Channel channel;
    private ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private boolean closed;

    UdpFlow(InetSocketAddress client, InetSocketAddress endpoint, PortStats stats) {
        this.client = client;
        this.endpoint = endpoint;
        this.stats = stats;
        stats.udpFlowsActive.increment();
    }

    void attach(ChannelFuture connecting) {
        this.channel = connecting.channel();
        connecting.addListener(f -> {
            if (closed) {
                channel.close();
                return;
            }
            if (!f.isSuccess()) {
                close();
                return;
            }
            ArrayDeque<ByteBuf> queued = pending;
            pending = null;
            for (ByteBuf b : queued) {
                channel.write(b);
            }
            channel.flush();
        });
    }

    boolean isOpen() {
        return !closed;
    }

    /** Sends one datagram's payload to the endpoint; takes ownership of buf. */
    void send(ByteBuf buf) {
        if (closed) {
            buf.release();
        } else if (pending != null) {
            if (pending.size() < MAX_PENDING) {
                pending.add(buf);
            } else {
                buf.release();
            }
        } else {
            channel.writeAndFlush(buf);
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        stats.udpFlowsActive.decrement();
        if (pending != null) {
            pending.forEach(ByteBuf::release);
            pending.clear();
        }
        if (channel != null) {
            channel.close();
        }
    }
}
