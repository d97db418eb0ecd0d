package io.strait.dns.metrics;

/**
 * The server's observations. Implementations must be thread-safe and cheap: every method is called
 * on an event loop, once per query or per upstream exchange.
 */
public interface DnsMetrics {
    /** Where an answer came from. */
    enum Source { ZONE, CACHE, STALE, UPSTREAM, ERROR }

    /** One answered query: {@code strait_dns_queries_total{type,rcode,source}} and {@code strait_dns_request_duration_seconds}. */
    void answered(String type, String rcode, Source source, long nanos);

    /** A query not answered at all (too short, a response, over the per-source limit): {@code strait_dns_dropped_total{reason}}. */
    void dropped(String reason);

    /** One question sent upstream: {@code strait_dns_forwarded_total{result}} (ok, timeout, servfail, refused-by-limit). */
    void forwarded(String result);

    /** A forwarding-cache lookup: {@code strait_dns_cache_hits_total{kind=positive|negative|stale}} / {@code strait_dns_cache_misses_total}. */
    void cache(String outcome);

    DnsMetrics NOOP = new DnsMetrics() {
        public void answered(String type, String rcode, Source source, long nanos) {}
        public void dropped(String reason) {}
        public void forwarded(String result) {}
        public void cache(String outcome) {}
    };

    /** The bounded label for a query type. */
    static String typeLabel(int type) {
        return switch (type) {
            case 1 -> "A";
            case 2 -> "NS";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 12 -> "PTR";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 28 -> "AAAA";
            case 33 -> "SRV";
            case 65 -> "HTTPS";
            case 255 -> "ANY";
            default -> "other";
        };
    }

    /** The RFC 1035 / 6891 name of an rcode. */
    static String rcodeLabel(int rcode) {
        return switch (rcode) {
            case 0 -> "NOERROR";
            case 1 -> "FORMERR";
            case 2 -> "SERVFAIL";
            case 3 -> "NXDOMAIN";
            case 4 -> "NOTIMP";
            case 5 -> "REFUSED";
            case 16 -> "BADVERS";
            default -> "other";
        };
    }
}
