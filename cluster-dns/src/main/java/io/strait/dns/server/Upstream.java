package io.strait.dns.server;

import io.strait.dns.metrics.DnsMetrics;
import java.util.function.BiConsumer;

/**
 * Resolves names outside the cluster zone (the forwarder). Implementations call {@code done}
 * exactly once, with the reply and where it came from (upstream, cache, stale cache, error).
 */
public interface Upstream {
    void resolve(String name, int type, boolean tcp, BiConsumer<Reply, DnsMetrics.Source> done);
}
