package io.strait.ingress.api;

import java.util.List;
import java.util.Objects;

/**
 * A {@code gateway.networking.k8s.io/v1beta1 ReferenceGrant}: lets objects of {@code from} refer to
 * objects of {@code to} in the grant's own namespace.
 */
public record ReferenceGrantObject(Meta meta, List<From> from, List<To> to) {
    public ReferenceGrantObject {
        Objects.requireNonNull(meta, "meta");
        from = from == null ? List.of() : List.copyOf(from);
        to = to == null ? List.of() : List.copyOf(to);
    }

    /** {@code spec.from[]}: group, kind and namespace of the referring objects. */
    public record From(String group, String kind, String namespace) {}

    /** {@code spec.to[]}: group and kind of the target; name null means every object of that kind. */
    public record To(String group, String kind, String name) {}
}
