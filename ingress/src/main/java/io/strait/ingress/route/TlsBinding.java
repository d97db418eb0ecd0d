package io.strait.ingress.route;

import java.util.Objects;

/**
 * A certificate for a host pattern (from an Ingress {@code tls[]} entry or an HTTPS Gateway
 * listener), served by SNI.
 *
 * @param port   the Gateway listener port, or 0 for the Ingress HTTPS listener
 * @param secret the {@code kubernetes.io/tls} Secret
 */
public record TlsBinding(int port, HostPattern host, ObjectRef secret) {
    public TlsBinding {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(secret, "secret");
    }
}
