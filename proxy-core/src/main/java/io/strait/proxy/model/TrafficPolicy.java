package io.strait.proxy.model;

/** externalTrafficPolicy / internalTrafficPolicy. */
public enum TrafficPolicy {
    CLUSTER,
    LOCAL;

    /** Parses "Cluster" / "Local"; null means Cluster (the API default). */
    public static TrafficPolicy parse(String value) {
        if (value == null || value.isEmpty() || value.equals("Cluster")) {
            return CLUSTER;
        }
        if (value.equals("Local")) {
            return LOCAL;
        }
        throw new IllegalArgumentException("unknown traffic policy \"" + value + "\" (allowed: Cluster, Local)");
    }
}
