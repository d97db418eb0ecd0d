package io.strait.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strait.dns.ClusterDns;
import io.strait.dns.metrics.DnsMetrics;
import io.strait.dns.zone.Answer;
import io.strait.dns.zone.Zone;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Answers one message, whichever transport it came on. Order of checks: a response or a message
 * without a full header is dropped; a malformed one is FORMERR (RFC 1035 4.1.1); opcodes other than
 * QUERY are NOTIMP; EDNS versions above 0 are BADVERS (RFC 6891 6.1.3); classes other than IN are
 * REFUSED; ANY is NOTIMP (RFC 8482 lets a server decline it) and zone transfers are REFUSED. Names of
 * the cluster zone are answered from the current zone, the rest (and CNAME targets that leave the
 * zone) by the upstream; without one they are REFUSED. Never throws. Thread-safe.
 */
public final class QueryEngine {
    public static final int MAX_UDP_QUERY = 4096;
    private static final int TYPE_ANY = 255;
    private static final int TYPE_AXFR = 252;
    private static final int TYPE_IXFR = 251;

    private final ClusterDns dns;
    private final Upstream upstream;
    private final DnsMetrics metrics;
    private final boolean autopath;
    private volatile ZoneReplies replies;

    public QueryEngine(ClusterDns dns, Upstream upstream, DnsMetrics metrics) {
        this(dns, upstream, metrics, false);
    }

    /** @param autopath expand the client's search path on the server ({@link Autopath}) */
    public QueryEngine(ClusterDns dns, Upstream upstream, DnsMetrics metrics, boolean autopath) {
        this.dns = dns;
        this.upstream = upstream;
        this.metrics = metrics;
        this.autopath = autopath;
        this.replies = new ZoneReplies(dns.zone());
    }

    /** Calls {@code respond} once with the response (its owner releases it), or never when the message is dropped. */
    public void handle(ByteBuf msg, boolean tcp, ByteBufAllocator alloc, Consumer<ByteBuf> respond) {
        handle(msg, tcp, null, alloc, respond);
    }

    /** As above, from this client address (null when unknown: no autopath). */
    public void handle(ByteBuf msg, boolean tcp, InetAddress client, ByteBufAllocator alloc, Consumer<ByteBuf> respond) {
        long start = System.nanoTime();
        DnsQuery q;
        try {
            q = DnsQuery.decode(msg);
        } catch (MalformedMessageException e) {
            finish(DnsQuery.headerOf(msg), Reply.error(Reply.FORMERR), DnsMetrics.Source.ERROR, tcp, alloc, respond, start);
            return;
        }
        if (q == null) {
            metrics.dropped(msg.readableBytes() < DnsQuery.HEADER ? "short" : "response");
            return;
        }
        if (!tcp && msg.readableBytes() > MAX_UDP_QUERY) {
            finish(q, Reply.error(Reply.FORMERR), DnsMetrics.Source.ERROR, tcp, alloc, respond, start);
            return;
        }
        int refusal = refusal(q);
        if (refusal >= 0) {
            finish(q, Reply.error(refusal), DnsMetrics.Source.ERROR, tcp, alloc, respond, start);
            return;
        }
        ZoneReplies zone = replies();
        ZoneReplies.Entry answer = zone.get(q.name(), q.type());
        if (answer == null) {
            if (upstream == null) {
                finish(q, Reply.error(Reply.REFUSED), DnsMetrics.Source.ERROR, tcp, alloc, respond, start);
            } else {
                upstream.resolve(q.name(), q.type(), tcp, (r, src) -> finish(q, r, src, tcp, alloc, respond, start));
            }
            return;
        }
        Reply ours = answer.reply();
        String base = autopath && ours.rcode() == Answer.NXDOMAIN ? Autopath.base(zone.zone, client, q.name()) : null;
        if (base != null) {
            expand(q, base, zone, ours, tcp, alloc, respond, start);
            return;
        }
        if (answer.forwardTarget() == null || upstream == null) {
            finish(q, ours, DnsMetrics.Source.ZONE, tcp, alloc, respond, start);
            return;
        }
        upstream.resolve(answer.forwardTarget(), q.type(), tcp, (r, src) -> {
            List<WireRecord> chain = new ArrayList<>(ours.answers());
            chain.addAll(r.answers());
            finish(q, new Reply(r.rcode(), false, chain, r.authority(), r.additional()), src, tcp, alloc, respond, start);
        });
    }

    private void expand(DnsQuery q, String base, ZoneReplies zone, Reply original, boolean tcp,
                        ByteBufAllocator alloc, Consumer<ByteBuf> respond, long start) {
        long ttl = dns.settings().ttl();
        for (String name : Autopath.candidates(zone.zone, base)) {
            ZoneReplies.Entry e = zone.get(name, q.type());
            if (e.forwardTarget() != null) {
                break; // an ExternalName on the way: let the client walk its list
            }
            if (Autopath.positive(e.reply())) {
                finish(q, Autopath.expanded(q.name(), name, ttl, e.reply()), DnsMetrics.Source.ZONE, tcp, alloc, respond, start);
                return;
            }
        }
        ZoneReplies.Entry bare = zone.get(base, q.type());
        if (bare != null || upstream == null) {
            Reply r = bare != null && bare.forwardTarget() == null && Autopath.positive(bare.reply())
                    ? Autopath.expanded(q.name(), base, ttl, bare.reply()) : original;
            finish(q, r, DnsMetrics.Source.ZONE, tcp, alloc, respond, start);
            return;
        }
        upstream.resolve(base, q.type(), tcp, (r, src) -> {
            boolean found = Autopath.positive(r);
            finish(q, found ? Autopath.expanded(q.name(), base, ttl, r) : original,
                    found ? src : DnsMetrics.Source.ZONE, tcp, alloc, respond, start);
        });
    }

    private ZoneReplies replies() {
        ZoneReplies r = replies;
        Zone zone = dns.zone();
        if (r.zone != zone) {
            r = new ZoneReplies(zone);
            replies = r;
        }
        return r;
    }

    private static int refusal(DnsQuery q) {
        if (q.opcode() != 0) {
            return Reply.NOTIMP;
        }
        if (q.ednsVersion() > 0) {
            return Reply.BADVERS;
        }
        if (q.dnsClass() != WireRecord.CLASS_IN) {
            return Reply.REFUSED;
        }
        if (q.type() == DnsQuery.TYPE_OPT) {
            return Reply.FORMERR;
        }
        if (q.type() == TYPE_ANY) {
            return Reply.NOTIMP;
        }
        return q.type() == TYPE_AXFR || q.type() == TYPE_IXFR ? Reply.REFUSED : -1;
    }

    private void finish(DnsQuery q, Reply r, DnsMetrics.Source source, boolean tcp, ByteBufAllocator alloc,
                        Consumer<ByteBuf> respond, long start) {
        ByteBuf out;
        try {
            out = ResponseEncoder.encode(alloc, q, r, tcp ? 65535 : ResponseEncoder.udpLimit(q));
        } catch (RuntimeException e) {
            out = ResponseEncoder.encode(alloc, q, Reply.error(Reply.SERVFAIL), 512);
        }
        metrics.answered(DnsMetrics.typeLabel(q.type()), DnsMetrics.rcodeLabel(r.rcode()), source,
                System.nanoTime() - start);
        respond.accept(out);
    }
}
