package io.strait.dns.server;

import io.strait.dns.zone.Answer;
import io.strait.dns.zone.Rr;
import io.strait.dns.zone.Zone;
import io.strait.dns.zone.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Zone answers already in wire form, per (canonical name, type), for one zone: built on first use
 * and dropped with the zone (a new zone gets a new instance). At most {@value #MAX_ENTRIES}
 * entries; past that the map is cleared, so a scan of random names cannot grow it. Thread-safe.
 */
final class ZoneReplies {
    static final int MAX_ENTRIES = 100_000;

    /** A zone answer in wire form; {@code forwardTarget} as in {@link Answer}. */
    record Entry(Reply reply, String forwardTarget) {}

    private record Key(String name, int type) {}

    final Zone zone;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

    ZoneReplies(Zone zone) {
        this.zone = zone;
    }

    /** The answer, or null when the name is not the zone's. */
    Entry get(String qname, int type) {
        Key key = new Key(Names.canonical(qname), type);
        Entry e = entries.get(key);
        if (e != null) {
            return e;
        }
        Answer a = zone.lookup(key.name(), type);
        if (a == null) {
            return null;
        }
        e = new Entry(new Reply(a.rcode(), true, wire(a.answers()), wire(a.authority()), wire(a.additional())),
                a.forwardTarget());
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, e);
        return e;
    }

    private static List<WireRecord> wire(List<Rr> records) {
        List<WireRecord> out = new ArrayList<>(records.size());
        for (Rr r : records) {
            out.add(WireRecord.of(r));
        }
        return out;
    }
}
