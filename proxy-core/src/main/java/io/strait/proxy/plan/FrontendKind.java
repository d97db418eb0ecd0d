package io.strait.proxy.plan;

/** Which Service address a frontend answers: decides internal vs external traffic policy. */
public enum FrontendKind {
    CLUSTER_IP(false),
    EXTERNAL_IP(true),
    LOAD_BALANCER_IP(true),
    NODE_PORT(true);

    private final boolean external;

    FrontendKind(boolean external) {
        this.external = external;
    }

    /** True for traffic that externalTrafficPolicy governs (kube-proxy's "external" destinations). */
    public boolean external() {
        return external;
    }
}
