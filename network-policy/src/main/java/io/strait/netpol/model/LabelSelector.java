package io.strait.netpol.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code metav1.LabelSelector}: every {@code matchLabels} pair and every requirement must hold.
 * The empty selector ({@link #EVERYTHING}) matches every object.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> expressions) {
    public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

    public LabelSelector {
        matchLabels = java.util.Collections.unmodifiableMap(new TreeMap<>(matchLabels));
        expressions = List.copyOf(expressions);
    }

    /** A selector with only {@code matchLabels}. */
    public static LabelSelector of(Map<String, String> matchLabels) {
        return new LabelSelector(matchLabels, List.of());
    }

    /** Whether an object with these labels is selected. */
    public boolean matches(Map<String, String> labels) {
        for (var e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Requirement r : expressions) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** True for {@code {}}: selects everything. */
    public boolean isEmpty() {
        return matchLabels.isEmpty() && expressions.isEmpty();
    }
}
