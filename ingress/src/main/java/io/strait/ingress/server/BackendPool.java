package io.strait.ingress.server;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idle keep-alive backend connections of one event loop, by endpoint; newest first (the warmest).
 * A connection that closes while idle removes itself. Confined to its event loop: no locks.
 */
final class BackendPool {
    private final Map<InetSocketAddress, ArrayDeque<Channel>> idle = new HashMap<>();
    private final int maxPerEndpoint;

    BackendPool(int maxPerEndpoint) {
        this.maxPerEndpoint = maxPerEndpoint;
    }

    /** An open idle connection to this endpoint, or null. */
    Channel take(InetSocketAddress endpoint) {
        ArrayDeque<Channel> q = idle.get(endpoint);
        while (q != null && !q.isEmpty()) {
            Channel ch = q.pollFirst();
            if (ch.isActive()) {
                return ch;
            }
        }
        return null;
    }

    /** Keeps the connection for reuse, or closes it when the endpoint has enough idle ones. */
    void offer(InetSocketAddress endpoint, Channel ch) {
        ArrayDeque<Channel> q = idle.computeIfAbsent(endpoint, k -> new ArrayDeque<>());
        if (q.size() >= maxPerEndpoint || !ch.isActive()) {
            ch.close();
            return;
        }
        q.addFirst(ch);
    }

    /** Forgets a closed connection. */
    void remove(InetSocketAddress endpoint, Channel ch) {
        ArrayDeque<Channel> q = idle.get(endpoint);
        if (q != null) {
            q.remove(ch);
            if (q.isEmpty()) {
                idle.remove(endpoint);
            }
        }
    }

    /** Idle connections to this endpoint (for tests and metrics). */
    int idleCount(InetSocketAddress endpoint) {
        ArrayDeque<Channel> q = idle.get(endpoint);
        return q == null ? 0 : q.size();
    }
}
