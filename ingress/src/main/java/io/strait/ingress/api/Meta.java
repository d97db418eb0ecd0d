package io.strait.ingress.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The part of {@code metadata} routing needs.
 *
 * @param created {@code creationTimestamp} (route precedence: oldest first); {@link Instant#EPOCH} when unknown
 */
public record Meta(String namespace, String name, Instant created, Map<String, String> annotations) {
    public Meta {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        created = created == null ? Instant.EPOCH : created;
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** Namespace and name, no timestamp or annotations. */
    public static Meta of(String namespace, String name) {
        return new Meta(namespace, name, Instant.EPOCH, Map.of());
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
