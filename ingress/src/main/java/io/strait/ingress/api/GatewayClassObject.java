package io.strait.ingress.api;

import java.util.Objects;

/** A {@code gateway.networking.k8s.io/v1 GatewayClass} (cluster-scoped): {@code spec.controllerName}. */
public record GatewayClassObject(String name, String controllerName) {
    public GatewayClassObject {
        Objects.requireNonNull(name, "name");
    }
}
