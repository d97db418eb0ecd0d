package io.strait.daemon.dns;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.strait.dns.metrics.DnsMetrics;
import java.util.function.LongSupplier;

/**
 * Cluster DNS metrics in the daemon's Prometheus registry. Labels are bounded by
 * {@link DnsMetrics#typeLabel} and {@link DnsMetrics#rcodeLabel}. Thread-safe.
 */
public final class PrometheusDnsMetrics implements DnsMetrics {
    private final Counter queries;
    private final Histogram duration;
    private final Counter dropped;
    private final Counter forwarded;
    private final Counter cacheHits;
    private final Counter cacheMisses;

    public PrometheusDnsMetrics(PrometheusRegistry registry, LongSupplier cacheEntries) {
        queries = Counter.builder().name("strait_dns_queries_total")
                .help("DNS queries answered, by query type, rcode and source (zone, cache, stale, upstream, error)")
                .labelNames("type", "rcode", "source").register(registry);
        duration = Histogram.builder().name("strait_dns_request_duration_seconds")
                .help("Time from a query's arrival to its answer, by source").unit(Unit.SECONDS)
                .labelNames("source").classicExponentialUpperBounds(0.00001, 2, 20).withoutExemplars()
                .register(registry);
        dropped = Counter.builder().name("strait_dns_dropped_total")
                .help("DNS messages not answered (short, a response, backpressure, tcp-connections, error)")
                .labelNames("reason").register(registry);
        forwarded = Counter.builder().name("strait_dns_forwarded_total")
                .help("Upstream exchanges by result (ok, timeout, servfail, tcp-failed, malformed, over-limit)")
                .labelNames("result").register(registry);
        cacheHits = Counter.builder().name("strait_dns_cache_hits_total")
                .help("Forwarding-cache hits by kind (positive, negative, stale)").labelNames("kind").register(registry);
        cacheMisses = Counter.builder().name("strait_dns_cache_misses_total")
                .help("Forwarding-cache misses").register(registry);
        GaugeWithCallback.builder().name("strait_dns_cache_entries").help("Entries in the forwarding cache")
                .callback(cb -> cb.call(cacheEntries.getAsLong())).register(registry);
    }

    @Override
    public void answered(String type, String rcode, Source source, long nanos) {
        String src = source.name().toLowerCase(java.util.Locale.ROOT);
        queries.labelValues(type, rcode, src).inc();
        duration.labelValues(src).observe(nanos / 1e9);
    }

    @Override
    public void dropped(String reason) {
        dropped.labelValues(reason).inc();
    }

    @Override
    public void forwarded(String result) {
        forwarded.labelValues(result).inc();
    }

    @Override
    public void cache(String outcome) {
        if (outcome.equals("miss")) {
            cacheMisses.inc();
        } else {
            cacheHits.labelValues(outcome).inc();
        }
    }
}
