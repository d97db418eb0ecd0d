package io.strait.allocator.config;

import java.util.List;

/**
 * The last good configuration and whether the newest one was rejected. An invalid configuration
 * never replaces the last good one; {@link #stale()} (the {@code strait_config_stale} gauge) is
 * true while the newest is invalid. Thread-safe (one writer; readers see a consistent pair).
 */
public final class ConfigState {
    private record Snapshot(Config good, List<String> problems) {}

    private volatile Snapshot snapshot = new Snapshot(Config.EMPTY, List.of());

    /** Parses the objects; returns true when the configuration changed to a new good one. */
    public boolean update(List<RawObject> objects) {
        try {
            Config parsed = ConfigParser.parse(objects);
            boolean changed = !parsed.equals(snapshot.good());
            snapshot = new Snapshot(parsed, List.of());
            return changed;
        } catch (ConfigException e) {
            snapshot = new Snapshot(snapshot.good(), e.problems());
            return false;
        }
    }

    public Config current() {
        return snapshot.good();
    }

    /** Problems of the newest configuration (empty when it was accepted). */
    public List<String> problems() {
        return snapshot.problems();
    }

    public boolean stale() {
        return !snapshot.problems().isEmpty();
    }
}
