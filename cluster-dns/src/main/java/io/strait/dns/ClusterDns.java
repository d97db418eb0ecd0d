package io.strait.dns;

import io.strait.dns.zone.Zone;
import io.strait.dns.zone.ZoneBuilder;
import io.strait.dns.zone.ZoneSettings;
import io.strait.proxy.model.ClusterState;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The DNS sink: {@link #update(ClusterState)} builds the whole zone from the snapshot and swaps it
 * in atomically; queries in flight keep the zone they started with. The SOA serial grows by one per
 * update. Thread-safe: updates come from the sync thread, reads from any event loop.
 */
public final class ClusterDns {
    private final ZoneSettings settings;
    private final AtomicLong serial = new AtomicLong();
    private volatile Zone zone;

    public ClusterDns(ZoneSettings settings) {
        this.settings = settings;
        this.zone = ZoneBuilder.build(ClusterState.EMPTY, settings, serial.incrementAndGet()).zone();
    }

    /** Replaces the zone with the snapshot's; returns the objects left out, each with the reason. */
    public List<String> update(ClusterState state) {
        ZoneBuilder.Result result = ZoneBuilder.build(state, settings, serial.incrementAndGet());
        zone = result.zone();
        return result.problems();
    }

    /** The zone queries are answered from now. */
    public Zone zone() {
        return zone;
    }

    public ZoneSettings settings() {
        return settings;
    }
}
