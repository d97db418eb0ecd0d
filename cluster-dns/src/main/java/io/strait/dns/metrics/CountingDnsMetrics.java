package io.strait.dns.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts every observation by its labels, joined with "/". Thread-safe. */
public final class CountingDnsMetrics implements DnsMetrics {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    private void inc(String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    public void answered(String type, String rcode, Source source, long nanos) {
        inc("answered/" + type + "/" + rcode + "/" + source);
        counts.computeIfAbsent("nanos/" + source, k -> new LongAdder()).add(nanos);
    }

    public void dropped(String reason) {
        inc("dropped/" + reason);
    }

    public void forwarded(String result) {
        inc("forwarded/" + result);
    }

    public void cache(String outcome) {
        inc("cache/" + outcome);
    }

    /** The count under one key, such as "cache/positive" or "answered/A/NOERROR/ZONE". */
    public long count(String key) {
        LongAdder a = counts.get(key);
        return a == null ? 0 : a.sum();
    }

    /** Every count, sorted by key. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
