package io.strait.ingress.route;

import java.util.Objects;

/** An object by kind, namespace ("" when cluster-scoped) and name: what problems and conditions name. */
public record ObjectRef(String kind, String namespace, String name) implements Comparable<ObjectRef> {
    public ObjectRef {
        Objects.requireNonNull(kind, "kind");
        namespace = namespace == null ? "" : namespace;
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int compareTo(ObjectRef o) {
        int c = kind.compareTo(o.kind);
        c = c != 0 ? c : namespace.compareTo(o.namespace);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
