package io.strait.netpol.model;

import java.util.Comparator;

/** A policy's identity, {@code namespace/name}: the label of per-policy metrics and status lines. */
public record PolicyRef(String namespace, String name) implements Comparable<PolicyRef> {
    private static final Comparator<PolicyRef> ORDER =
            Comparator.comparing(PolicyRef::namespace).thenComparing(PolicyRef::name);

    @Override
    public int compareTo(PolicyRef o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
