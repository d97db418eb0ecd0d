package io.strait.netpol.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code matchExpressions} entry of a label selector. As in Kubernetes' {@code labels}
 * package: {@code In} needs the key with one of the values, {@code NotIn} matches when the key is
 * absent or its value is none of them, {@code Exists}/{@code DoesNotExist} test the key only.
 */
public record Requirement(String key, Operator operator, List<String> values) {
    /** The four operators of a {@code LabelSelectorRequirement}. */
    public enum Operator { IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    public Requirement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values);
        boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
        if (needsValues == values.isEmpty()) {
            throw new IllegalArgumentException("operator " + operator + (needsValues
                    ? " needs at least one value" : " takes no values") + " (key " + key + ")");
        }
    }

    /** Whether a pod or namespace with these labels satisfies the requirement. */
    public boolean matches(Map<String, String> labels) {
        String v = labels.get(key);
        return switch (operator) {
            case IN -> v != null && values.contains(v);
            case NOT_IN -> v == null || !values.contains(v);
            case EXISTS -> v != null;
            case DOES_NOT_EXIST -> v == null;
        };
    }
}
