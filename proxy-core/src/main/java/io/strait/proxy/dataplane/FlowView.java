package io.strait.proxy.dataplane;

import io.strait.nat.Flow;
import io.strait.nat.FlowTable;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-only view of the dataplane's flow table, for inspection (metrics, a future
 * {@code strait connections}). Thread-safe; {@link #snapshot()} is weakly consistent.
 */
public final class FlowView {
    private final FlowTable<InetSocketAddress> table;

    FlowView(FlowTable<InetSocketAddress> table) {
        this.table = table;
    }

    /** One flow as seen at snapshot time. Times are {@link System#nanoTime()} readings. */
    public record Entry(io.strait.nat.Protocol protocol, InetSocketAddress client, InetSocketAddress frontend,
                        InetSocketAddress backend, long createdNanos, long lastSeenNanos,
                        long bytesFromClient, long bytesToClient, Flow.State state) {}

    public int size() {
        return table.size();
    }

    public int maxEntries() {
        return table.maxEntries();
    }

    public FlowTable.Stats stats() {
        return table.stats();
    }

    /** Live flows bound to this endpoint (what least-connections reads). */
    public int activeFlows(InetSocketAddress endpoint) {
        return table.activeFlows(endpoint);
    }

    /** Every live flow (cost: the whole table). */
    public List<Entry> snapshot() {
        List<Entry> out = new ArrayList<>(table.size());
        table.forEach(f -> out.add(new Entry(f.key().protocol(), f.key().client(), f.key().frontend(), f.backend(),
                f.createdNanos(), f.lastSeenNanos(), f.bytesFromClient(), f.bytesToClient(), f.state())));
        return out;
    }
}
