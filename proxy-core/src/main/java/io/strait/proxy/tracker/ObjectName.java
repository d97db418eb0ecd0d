package io.strait.proxy.tracker;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Objects;

/** Namespace and name of a watched object (an empty namespace reads as "default", as kubectl). */
public record ObjectName(String namespace, String name) implements Comparable<ObjectName> {
    public ObjectName {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** The name of a fabric8 object; throws IllegalArgumentException when it has none. */
    public static ObjectName of(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        if (meta == null || meta.getName() == null || meta.getName().isEmpty()) {
            throw new IllegalArgumentException(object.getKind() + " without metadata.name");
        }
        String ns = meta.getNamespace() == null || meta.getNamespace().isEmpty() ? "default" : meta.getNamespace();
        return new ObjectName(ns, meta.getName());
    }

    @Override
    public int compareTo(ObjectName o) {
        int c = namespace.compareTo(o.namespace);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
