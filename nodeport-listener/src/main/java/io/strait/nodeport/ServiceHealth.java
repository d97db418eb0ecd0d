package io.strait.nodeport;

import io.strait.proxy.model.ServiceName;
import java.util.Objects;

/**
 * What one health-check node port reports: the Service and how many of its endpoints are ready
 * on this node (kube-proxy's {@code localEndpoints}). Immutable.
 */
public record ServiceHealth(ServiceName service, int localEndpoints) {
    public ServiceHealth {
        Objects.requireNonNull(service, "service");
        if (localEndpoints < 0) {
            throw new IllegalArgumentException("localEndpoints < 0: " + localEndpoints);
        }
    }
}
