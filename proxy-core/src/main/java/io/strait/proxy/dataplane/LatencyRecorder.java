package io.strait.proxy.dataplane;

/**
 * Where one Service port's per-connection latencies go (the daemon records them into Prometheus
 * histograms). Called on event loops: implementations must not block, lock or allocate.
 */
public interface LatencyRecorder {
    /** Records nothing. */
    LatencyRecorder NONE = new LatencyRecorder() {
        @Override
        public void connectLatency(long nanos) {}

        @Override
        public void firstByte(long nanos) {}

        @Override
        public void duration(long nanos) {}
    };

    /** From the start of the (successful) connection attempt to the endpoint until it succeeded. */
    void connectLatency(long nanos);

    /** From the client's connection being accepted until the first byte from the endpoint. */
    void firstByte(long nanos);

    /** From accept until the connection closed, or from a UDP flow's first datagram until it ended. */
    void duration(long nanos);
}
