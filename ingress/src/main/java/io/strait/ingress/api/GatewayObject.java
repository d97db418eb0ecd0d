package io.strait.ingress.api;

import java.util.List;
import java.util.Objects;

/** A {@code gateway.networking.k8s.io/v1 Gateway}: its class and listeners. */
public record GatewayObject(Meta meta, String gatewayClassName, List<Listener> listeners) {
    public GatewayObject {
        Objects.requireNonNull(meta, "meta");
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
    }

    /**
     * {@code spec.listeners[]}.
     *
     * @param hostname          null when unset (every host)
     * @param protocol          HTTP or HTTPS (others are reported unsupported)
     * @param certificateRefs   {@code tls.certificateRefs[]} (Secrets, HTTPS only)
     * @param allowedNamespaces {@code allowedRoutes.namespaces.from}: Same (default) or All
     *                          (Selector is reported unsupported)
     */
    public record Listener(String name, String hostname, int port, String protocol,
                           List<SecretRef> certificateRefs, String allowedNamespaces) {
        public Listener {
            certificateRefs = certificateRefs == null ? List.of() : List.copyOf(certificateRefs);
            allowedNamespaces = allowedNamespaces == null ? "Same" : allowedNamespaces;
        }
    }

    /** A reference to a Secret; namespace null means the Gateway's own. */
    public record SecretRef(String namespace, String name) {}
}
