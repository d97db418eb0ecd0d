package io.strait.proxy.dataplane;

import java.util.concurrent.atomic.LongAdder;

/**
 * Traffic counters of one Service port, shared by all its frontends. Updated from event loops
 * without locks or allocation (LongAdder); read by the metrics exporter. Thread-safe.
 */
public final class PortStats {
    /** Where this port's per-connection latencies are recorded. */
    final LatencyRecorder latency;

    PortStats() {
        this(LatencyRecorder.NONE);
    }

    PortStats(LatencyRecorder latency) {
        this.latency = latency;
    }

    final LongAdder accepted = new LongAdder();
    final LongAdder active = new LongAdder();
    final LongAdder refusedNoEndpoint = new LongAdder();
    final LongAdder refusedTableFull = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder endpointsBackedOff = new LongAdder();
    final LongAdder skippedUnhealthy = new LongAdder();
    final LongAdder idleTimeouts = new LongAdder();
    final LongAdder drainClosed = new LongAdder();
    final LongAdder bytesFromClients = new LongAdder();
    final LongAdder bytesToClients = new LongAdder();
    final LongAdder udpFlowsCreated = new LongAdder();
    final LongAdder udpFlowsActive = new LongAdder();
    final LongAdder refusedSourceRange = new LongAdder();
    final LongAdder udpDatagramsDropped = new LongAdder();
    final LongAdder refusedNoDescriptors = new LongAdder();
    final LongAdder udpFlowsRefusedLimit = new LongAdder();

    /** Connections and datagrams refused because the client is outside loadBalancerSourceRanges. */
    public long refusedSourceRange() {
        return refusedSourceRange.sum();
    }

    private final java.util.concurrent.atomic.AtomicLong peakPendingWriteBytes = new java.util.concurrent.atomic.AtomicLong();

    /** Records bytes left queued in the proxy for one connection direction after a flush. */
    void observePending(long bytes) {
        if (bytes > peakPendingWriteBytes.get()) {
            peakPendingWriteBytes.accumulateAndGet(bytes, Math::max);
        }
    }

    /**
     * The most bytes ever left queued in the proxy for one direction of one connection after a
     * flush (bounded by the write-buffer high water mark plus one read).
     */
    public long peakPendingWriteBytes() {
        return peakPendingWriteBytes.get();
    }

    /** True while TCP connections or UDP flows of this port are open. */
    boolean inUse() {
        return active.sum() > 0 || udpFlowsActive.sum() > 0;
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

    /** Connections reset and new UDP flows dropped because the flow table was full ({@code --max-flows}). */
    public long refusedTableFull() {
        return refusedTableFull.sum();
    }

    /**
     * Accepts that failed and connections (and new UDP flows) refused because the proxy ran out of
     * file descriptors (EMFILE/ENFILE); no endpoint is blamed for these.
     */
    public long refusedNoDescriptors() {
        return refusedNoDescriptors.sum();
    }

    /** Failed connection attempts to endpoints (each retry counts). */
    public long connectFailures() {
        return connectFailures.sum();
    }

    /** Times an endpoint was put in passive-health back-off after consecutive connect failures. */
    public long endpointsBackedOff() {
        return endpointsBackedOff.sum();
    }

    /** Picks that skipped an endpoint because it was in back-off. */
    public long skippedUnhealthy() {
        return skippedUnhealthy.sum();
    }

    /** TCP connections and UDP flows ended by their idle timeout. */
    public long idleTimeouts() {
        return idleTimeouts.sum();
    }

    /** TCP connections closed at the end of a deleted frontend's drain grace period. */
    public long drainClosed() {
        return drainClosed.sum();
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

    /**
     * UDP datagrams dropped by the proxy, either way: no eligible endpoint, the flow table or the UDP
     * flow limit full, a socket's write buffer full (overload), or too many waiting for a new flow's
     * socket.
     */
    public long udpDatagramsDropped() {
        return udpDatagramsDropped.sum();
    }

    /** New UDP flows dropped because the dataplane held its most UDP flows ({@code maxUdpFlows}). */
    public long udpFlowsRefusedLimit() {
        return udpFlowsRefusedLimit.sum();
    }
}
