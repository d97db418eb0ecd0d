package io.strait.daemon.metrics;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

/**
 * Records one Service port's per-connection latencies into its pre-resolved histogram children
 * ({@code strait_backend_connect_duration_seconds}, {@code strait_backend_first_byte_duration_seconds},
 * {@code strait_connection_duration_seconds}). Get one per Service port from
 * {@link StraitMetrics#connectionObserver}, keep it with the route, and call it from the event
 * loop: each call is one lock-free histogram observation, no label lookup and no allocation.
 * Thread-safe.
 */
public final class ConnectionObserver implements io.strait.proxy.dataplane.LatencyRecorder {
    /** Records nothing: for a dataplane running without metrics. */
    public static final ConnectionObserver NONE = new ConnectionObserver(null, null, null);

    private static final double NANOS_PER_SECOND = 1e9;

    private final DistributionDataPoint connect;
    private final DistributionDataPoint firstByte;
    private final DistributionDataPoint duration;

    ConnectionObserver(DistributionDataPoint connect, DistributionDataPoint firstByte, DistributionDataPoint duration) {
        this.connect = connect;
        this.firstByte = firstByte;
        this.duration = duration;
    }

    /** From the start of the connection attempt to the endpoint until it succeeded. */
    @Override
    public void connectLatency(long nanos) {
        if (connect != null) {
            connect.observe(nanos / NANOS_PER_SECOND);
        }
    }

    /** From the client's connection being accepted until the first byte from the endpoint. */
    @Override
    public void firstByte(long nanos) {
        if (firstByte != null) {
            firstByte.observe(nanos / NANOS_PER_SECOND);
        }
    }

    /** From accept until the connection closed (or the UDP flow expired). */
    @Override
    public void duration(long nanos) {
        if (duration != null) {
            duration.observe(nanos / NANOS_PER_SECOND);
        }
    }
}
