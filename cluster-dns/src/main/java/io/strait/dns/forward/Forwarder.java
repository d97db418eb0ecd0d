package io.strait.dns.forward;

import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.strait.dns.metrics.DnsMetrics;
import io.strait.dns.server.MalformedMessageException;
import io.strait.dns.server.Reply;
import io.strait.dns.server.Upstream;
import io.strait.proxy.dataplane.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Forwards questions to the upstreams, one UDP socket, one event loop. Identical questions in
 * flight share one upstream exchange (at most {@value #MAX_WAITERS} waiters each); a response is
 * accepted only from the upstream asked, with the ID and question sent; a truncated one is asked
 * again over TCP ({@link TcpExchange}). Timeout, SERVFAIL or REFUSED moves to the next upstream;
 * when all fail the stale cache entry is served, else SERVFAIL. All state is confined to the loop.
 */
public final class Forwarder implements Upstream, AutoCloseable {
    static final int MAX_WAITERS = 64;

    private final ForwarderSettings settings;
    private final DnsMetrics metrics;
    private final ResponseCache cache;
    private final Transport transport;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Channel socket;
    private final Map<ResponseCache.Key, Pending> inFlight = new HashMap<>();
    private final Map<Integer, Pending> byId = new HashMap<>();
    private int overTcp; // questions in a TCP retry: counted against maxPending too

    private final class Pending {
        final ResponseCache.Key key;
        final List<BiConsumer<Reply, DnsMetrics.Source>> waiters = new ArrayList<>();
        int id;
        int upstream = -1;
        io.netty.util.concurrent.Future<?> timeout;

        Pending(ResponseCache.Key key) {
            this.key = key;
        }
    }

    private Forwarder(ForwarderSettings settings, DnsMetrics metrics, Ticker ticker) throws InterruptedException {
        this.settings = settings;
        this.metrics = metrics;
        this.cache = new ResponseCache(settings.cacheEntries(), settings.maxTtl(), settings.staleFor().toSeconds(), ticker);
        this.transport = Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
        this.group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        this.loop = group.next();
        this.socket = new Bootstrap().group(loop).channel(transport.datagramChannel())
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        onDatagram(p.content(), p.sender());
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // ICMP errors and the like: the attempt times out and moves on
                    }
                }).bind(0).sync().channel();
    }

    public static Forwarder start(ForwarderSettings settings, DnsMetrics metrics, Ticker ticker)
            throws InterruptedException {
        return new Forwarder(settings, metrics, ticker);
    }

    @Override
    public void resolve(String name, int type, boolean tcp, BiConsumer<Reply, DnsMetrics.Source> done) {
        loop.execute(() -> resolveOnLoop(name, type, done));
    }

    private void resolveOnLoop(String name, int type, BiConsumer<Reply, DnsMetrics.Source> done) {
        ResponseCache.Key key = ResponseCache.Key.of(name, type);
        ResponseCache.Hit hit = cache.get(key);
        if (hit != null && !hit.stale()) {
            metrics.cache(hit.negative() ? "negative" : "positive");
            done.accept(hit.reply(), DnsMetrics.Source.CACHE);
            return;
        }
        metrics.cache("miss");
        Pending same = inFlight.get(key);
        if (same != null && same.waiters.size() < MAX_WAITERS) {
            same.waiters.add(done);
            return;
        }
        if (same != null || byId.size() + overTcp >= settings.maxPending()) {
            metrics.forwarded("over-limit");
            failNow(key, done);
            return;
        }
        Pending p = new Pending(key);
        p.waiters.add(done);
        inFlight.put(key, p);
        next(p);
    }

    private void next(Pending p) {
        p.upstream++;
        if (p.upstream >= settings.upstreams().size()) {
            inFlight.remove(p.key);
            for (BiConsumer<Reply, DnsMetrics.Source> w : p.waiters) {
                failNow(p.key, w);
            }
            return;
        }
        do {
            p.id = ThreadLocalRandom.current().nextInt(0x10000);
        } while (byId.containsKey(p.id));
        byId.put(p.id, p);
        ByteBuf q = QueryWriter.write(socket.alloc(), p.id, p.key.name(), p.key.type());
        socket.writeAndFlush(new DatagramPacket(q, settings.upstreams().get(p.upstream)), socket.voidPromise());
        p.timeout = loop.schedule(() -> {
            if (byId.remove(p.id, p)) {
                metrics.forwarded("timeout");
                next(p);
            }
        }, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void failNow(ResponseCache.Key key, BiConsumer<Reply, DnsMetrics.Source> done) {
        ResponseCache.Hit stale = cache.get(key);
        if (stale != null) {
            metrics.cache("stale");
            done.accept(stale.reply(), DnsMetrics.Source.STALE);
        } else {
            done.accept(Reply.error(Reply.SERVFAIL), DnsMetrics.Source.ERROR);
        }
    }

    private void onDatagram(ByteBuf msg, InetSocketAddress sender) {
        UpstreamResponse r;
        try {
            r = UpstreamResponse.parse(msg);
        } catch (MalformedMessageException e) {
            metrics.forwarded("malformed");
            return;
        }
        Pending p = byId.get(r.id());
        if (p == null || !QueryWriter.sameEndpoint(sender, settings.upstreams().get(p.upstream))
                || !r.name().equalsIgnoreCase(p.key.name()) || r.type() != p.key.type()) {
            return; // late, spoofed or for another question
        }
        byId.remove(p.id);
        p.timeout.cancel(false);
        if (r.truncated()) {
            overTcp++;
            TcpExchange.ask(loop, transport, settings.upstreams().get(p.upstream), p.key.name(), p.key.type(),
                    settings.timeout(), tcp -> {
                        overTcp--;
                        onAnswer(p, tcp);
                    });
        } else {
            onAnswer(p, r);
        }
    }

    /** A parsed answer, or null when the TCP retry failed. */
    private void onAnswer(Pending p, UpstreamResponse r) {
        if (r == null || r.rcode() == Reply.SERVFAIL || r.rcode() == Reply.REFUSED) {
            metrics.forwarded(r == null ? "tcp-failed" : "servfail");
            next(p);
            return;
        }
        metrics.forwarded("ok");
        Reply reply = new Reply(r.rcode(), false, r.answers(), r.authority(), r.additional());
        cache.put(p.key, reply);
        inFlight.remove(p.key);
        for (BiConsumer<Reply, DnsMetrics.Source> w : p.waiters) {
            w.accept(reply, DnsMetrics.Source.UPSTREAM);
        }
    }

    /** Entries in the cache now (for tests and a gauge). */
    public long cachedEntries() {
        return cache.size();
    }

    @Override
    public void close() {
        socket.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
