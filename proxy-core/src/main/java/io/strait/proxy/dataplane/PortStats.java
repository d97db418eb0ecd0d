package io.strait.proxy.dataplane;

import java.util.concurrent.atomic.LongAdder;

/**
 * Traffic counters of one Service port, shared by all its frontends. Updated from event loops
 * without locks or allocation (LongAdder); read by the metrics exporter. Thread-safe.
 */
public final class PortStats {
    final LongAdder accepted = new LongAdder();
    final LongAdder active = new LongAdder();
    final LongAdder refusedNoEndpoint = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder bytesFromClients = new LongAdder();
    final LongAdder bytesToClients = new LongAdder();
    final LongAdder udpFlowsCreated = new LongAdder();
    final LongAdder udpFlowsActive = new LongAdder();
    final LongAdder refusedSourceRange = new LongAdder();

    /** Connections and datagrams refused because the client is outside loadBalancerSourceRanges. */
    public long refusedSourceRange() {
        return refusedSourceRange.sum();
    }

    /** TCP connections accepted (and UDP flows created). */
    public long accepted() {
        return accepted.sum();
    }

    /** TCP connections open now. */
    public long active() {
        return active.sum();
    }

    /** Connections and datagrams refused because no endpoint was eligible. */
    public long refusedNoEndpoint() {
        return refusedNoEndpoint.sum();
    }

    /** Failed connection attempts to endpoints (each retry counts). */
    public long connectFailures() {
        return connectFailures.sum();
    }

    public long bytesFromClients() {
        return bytesFromClients.sum();
    }

    public long bytesToClients() {
        return bytesToClients.sum();
    }

    public long udpFlowsCreated() {
        return udpFlowsCreated.sum();
    }

    public long udpFlowsActive() {
        return udpFlowsActive.sum();
    }
}
