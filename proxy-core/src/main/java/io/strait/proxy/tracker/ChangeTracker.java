package io.strait.proxy.tracker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pending changes of one kind of object keyed by name, and the state they were last applied to.
 * The core of kube-proxy's change trackers ({@code pkg/proxy/servicechangetracker.go}): a change is
 * (outcome at the last apply, newest outcome); recording another update of the same object only
 * replaces the newest outcome, and a change whose newest outcome equals the applied one (an add
 * then a delete, an update and its revert, an update that translates to the same thing) is
 * dropped. {@link #apply()} moves the pending changes into the current map; an {@link
 * Tracked.Invalid} outcome keeps the last good value of its object. Thread-safe (monitor).
 *
 * @param <K> the object's key (namespace and name)
 * @param <V> the translated value
 */
public final class ChangeTracker<K, V> {
    private record Change<V>(Tracked<V> previous, Tracked<V> current) {}

    /**
     * The result of one apply.
     *
     * @param current  every object's value in effect (accepted, or last good when now invalid)
     * @param changed  values that became current in this apply (to read their trigger times)
     * @param problems messages of objects that are invalid now
     * @param ignored  reasons of objects deliberately not proxied
     */
    public record Applied<K, V>(Map<K, V> current, List<V> changed, List<String> problems, List<String> ignored) {}

    private final Map<K, Tracked<V>> applied = new HashMap<>();
    private final Map<K, V> values = new HashMap<>();
    private final Map<K, Change<V>> pending = new HashMap<>();
    private final Map<K, String> problems = new HashMap<>();
    private final Map<K, String> ignored = new HashMap<>();
    private long recorded;

    /**
     * Records the newest outcome of one object; null means deleted. Returns true when changes are
     * pending afterwards.
     */
    public synchronized boolean record(K key, Tracked<V> current) {
        Objects.requireNonNull(key, "key");
        recorded++;
        Change<V> change = pending.get(key);
        Tracked<V> previous = change != null ? change.previous() : applied.get(key);
        if (Objects.equals(previous, current)) {
            pending.remove(key);
        } else {
            pending.put(key, new Change<>(previous, current));
        }
        return !pending.isEmpty();
    }

    /** Every change recorded so far, including those later folded or undone (kube-proxy's *_changes_total). */
    public synchronized long recorded() {
        return recorded;
    }

    /** How many objects have changes waiting for the next apply. */
    public synchronized int pending() {
        return pending.size();
    }

    /** Applies every pending change and returns the state now in effect. */
    public synchronized Applied<K, V> apply() {
        List<V> changed = new ArrayList<>();
        pending.forEach((key, change) -> {
            Tracked<V> now = change.current();
            problems.remove(key);
            ignored.remove(key);
            if (now == null) {
                applied.remove(key);
                values.remove(key);
                return;
            }
            applied.put(key, now);
            switch (now) {
                case Tracked.Accepted<V> a -> {
                    values.put(key, a.value());
                    changed.add(a.value());
                }
                case Tracked.Ignored<V> i -> {
                    values.remove(key);
                    ignored.put(key, i.reason());
                }
                case Tracked.Invalid<V> i -> problems.put(key, i.problem() + LastGood.outcome(values.containsKey(key)));
            }
        });
        pending.clear();
        return new Applied<>(Map.copyOf(values), changed, List.copyOf(problems.values()),
                List.copyOf(ignored.values()));
    }
}
