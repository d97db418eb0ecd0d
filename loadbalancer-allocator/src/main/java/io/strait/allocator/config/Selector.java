package io.strait.allocator.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes label selector ({@code matchLabels} and {@code matchExpressions}); an empty one
 * matches everything, as in the API.
 */
public record Selector(Map<String, String> matchLabels, List<Requirement> expressions) {
    public static final Selector EVERYTHING = new Selector(Map.of(), List.of());

    /** One {@code matchExpressions} entry; operator is In, NotIn, Exists or DoesNotExist. */
    public record Requirement(String key, String operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (operator) {
                case "In" -> v != null && values.contains(v);
                case "NotIn" -> v == null || !values.contains(v);
                case "Exists" -> v != null;
                case "DoesNotExist" -> v == null;
                default -> throw new IllegalStateException("operator " + operator + " was validated");
            };
        }
    }

    public Selector {
        matchLabels = Map.copyOf(matchLabels);
        expressions = List.copyOf(expressions);
    }

    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
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
}
