package io.strait.proxy.model;

/** {@code spec.type}. */
public enum ServiceType {
    CLUSTER_IP("ClusterIP"),
    NODE_PORT("NodePort"),
    LOAD_BALANCER("LoadBalancer"),
    EXTERNAL_NAME("ExternalName");

    private final String wireName;

    ServiceType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Parses the API value; null means ClusterIP (the API default). */
    public static ServiceType parse(String value) {
        if (value == null || value.isEmpty()) {
            return CLUSTER_IP;
        }
        for (ServiceType t : values()) {
            if (t.wireName.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown Service type \"" + value
                + "\" (allowed: ClusterIP, NodePort, LoadBalancer, ExternalName)");
    }
}
