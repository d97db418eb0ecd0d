package io.strait.allocator.bgp;

import io.netty.channel.ChannelHandlerContext;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one session has announced, and the diff that brings the peer to a desired set: a
 * withdrawal for each prefix no longer wanted, an UPDATE for each new or changed one. A route
 * the session cannot carry (no next hop of its family: an IPv6 address of a dual-stack pool to a
 * peer reached over IPv4) is left out and reported once per prefix, again only when the reason
 * changes or after the prefix was announced or no longer wanted, although every sync re-checks
 * it. Confined to the session's event loop.
 */
final class RouteSync {
    private static final Logger log = LoggerFactory.getLogger(BgpSession.class);

    private final BgpSession.Settings settings;
    private final Map<Prefix, Advertisement> advertised = new HashMap<>();
    /** Prefixes left out for want of a next hop of their family, with the reason last logged. */
    private final Map<Prefix, String> unannounced = new HashMap<>();

    RouteSync(BgpSession.Settings settings) {
        this.settings = settings;
    }

    /**
     * Writes (without flushing) what the peer needs to hold exactly want; self is the session's
     * local address (the default next hop). Returns the number of UPDATE messages written.
     */
    int sync(ChannelHandlerContext ctx, Map<Prefix, Advertisement> want, InetAddress self, boolean fourOctetAs) {
        int updates = 0;
        for (var it = advertised.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!want.containsKey(e.getKey())) {
                ctx.write(UpdateEncoder.withdraw(ctx.alloc(), e.getKey()));
                updates++;
                it.remove();
            }
        }
        for (Advertisement a : want.values()) {
            if (a.equals(advertised.get(a.prefix()))) {
                continue;
            }
            InetAddress nextHop = a.nextHop() != null ? a.nextHop() : self;
            if (nextHop == null || a.prefix().ipv6() != (nextHop.getAddress().length == 16)) {
                unannounceable(a, self);
                continue;
            }
            unannounced.remove(a.prefix());
            ctx.write(UpdateEncoder.announce(ctx.alloc(), a, nextHop, settings.myAsn(), settings.internal(), fourOctetAs));
            updates++;
            advertised.put(a.prefix(), a);
        }
        unannounced.keySet().retainAll(want.keySet());
        return updates;
    }

    private void unannounceable(Advertisement a, InetAddress self) {
        String reason = "no " + (a.prefix().ipv6() ? "IPv6" : "IPv4") + " next hop on this session (local address "
                + (self == null ? "unknown" : self.getHostAddress()) + (a.nextHop() == null ? ""
                : ", next hop given " + a.nextHop().getHostAddress()) + ") for " + a.prefix() + "; not announced";
        if (!reason.equals(unannounced.put(a.prefix(), reason))) {
            log.warn("BGP session with {}: {}", settings.label(), reason);
        }
    }

    /** Prefixes the peer holds from this session. */
    int size() {
        return advertised.size();
    }

    /** The connection is gone, and with it everything the peer held from it. */
    void clear() {
        advertised.clear();
    }
}
