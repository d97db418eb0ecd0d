package io.strait.netpol.model;

import java.util.Map;
import java.util.TreeMap;

/** A namespace and its labels (what {@code namespaceSelector} looks at). */
public record Namespace(String name, Map<String, String> labels) {
    public Namespace {
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }
}
