package io.strait.dns.forward;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.strait.dns.server.Reply;
import io.strait.dns.server.WireRecord;
import java.util.List;
import java.util.Locale;

/**
 * Upstream answers by (name, type). A positive answer lives for its smallest TTL; a negative one
 * (NXDOMAIN, or NOERROR without answers) for min(SOA TTL, SOA MINIMUM) of its authority section
 * (RFC 2308 section 5), or not at all without an SOA; both capped at {@code maxTtl}. Entries stay
 * {@code staleSeconds} longer so they can be served stale, TTL {@value #STALE_TTL}, when every
 * upstream fails (RFC 8767 section 4). Bounded by entry count; thread-safe.
 */
final class ResponseCache {
    static final long STALE_TTL = 30;

    record Key(String name, int type) {
        static Key of(String name, int type) {
            return new Key(name.toLowerCase(Locale.ROOT), type);
        }
    }

    record Entry(Reply reply, long storedNanos, long ttlSeconds, boolean negative) {}

    /** A cached reply with its TTLs counted down, and whether it is past its TTL. */
    record Hit(Reply reply, boolean stale, boolean negative) {}

    private final Cache<Key, Entry> cache;
    private final Ticker ticker;
    private final long maxTtl;

    ResponseCache(long maxEntries, long maxTtl, long staleSeconds, Ticker ticker) {
        this.ticker = ticker;
        this.maxTtl = maxTtl;
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).ticker(ticker)
                .expireAfter(Expiry.creating((Key k, Entry e) ->
                        java.time.Duration.ofSeconds(e.ttlSeconds() + staleSeconds))).build();
    }

    /** Stores a reply when RFC 2308 allows (NOERROR or NXDOMAIN, a TTL to go by). */
    void put(Key key, Reply reply) {
        if (reply.rcode() != 0 && reply.rcode() != 3) {
            return;
        }
        boolean negative = reply.rcode() == 3 || reply.answers().isEmpty();
        long ttl;
        if (negative) {
            WireRecord soa = reply.authority().stream().filter(r -> r.type() == 6).findFirst().orElse(null);
            if (soa == null || soa.rdata().length < 4) {
                return;
            }
            byte[] d = soa.rdata();
            long minimum = ((d[d.length - 4] & 0xffL) << 24) | ((d[d.length - 3] & 0xff) << 16)
                    | ((d[d.length - 2] & 0xff) << 8) | (d[d.length - 1] & 0xff);
            ttl = Math.min(soa.ttl(), minimum);
        } else {
            ttl = reply.answers().stream().mapToLong(WireRecord::ttl).min().orElse(0);
        }
        ttl = Math.min(ttl, maxTtl);
        if (ttl > 0) {
            cache.put(key, new Entry(reply, ticker.read(), ttl, negative));
        }
    }

    /** The cached reply, or null. */
    Hit get(Key key) {
        Entry e = cache.getIfPresent(key);
        if (e == null) {
            return null;
        }
        long age = (ticker.read() - e.storedNanos()) / 1_000_000_000L;
        boolean stale = age >= e.ttlSeconds();
        Reply r = e.reply();
        return new Hit(new Reply(r.rcode(), false, countDown(r.answers(), age, stale),
                countDown(r.authority(), age, stale), countDown(r.additional(), age, stale)), stale, e.negative());
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private static List<WireRecord> countDown(List<WireRecord> records, long age, boolean stale) {
        return records.stream().map(r -> r.withTtl(stale ? STALE_TTL : Math.max(0, r.ttl() - age))).toList();
    }
}
