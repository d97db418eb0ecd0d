package io.strait.proxy.model;

import java.util.Map;
import java.util.Objects;

/** The Node object this proxy runs on (labels give its zone for topology-aware routing). */
public record NodeInfo(String name, Map<String, String> labels) {
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    public NodeInfo {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
    }

    /** This node's zone, or null. */
    public String zone() {
        return labels.get(ZONE_LABEL);
    }
}
