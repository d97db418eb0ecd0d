package io.strait.allocator.config;

import java.util.Map;
import java.util.Objects;

/**
 * One configuration object as plain data, free of client types: the adapter in
 * {@code io.strait.allocator.k8s} builds it from a fabric8 {@code GenericKubernetesResource}.
 *
 * @param spec   the object's {@code spec} as parsed JSON (maps, lists, strings, numbers, booleans)
 * @param labels its {@code metadata.labels} (IPAddressPools are chosen by them in advertisements)
 */
public record RawObject(String apiVersion, String kind, String namespace, String name, Map<String, Object> spec,
                        Map<String, String> labels) {
    public RawObject {
        Objects.requireNonNull(kind, "kind");
        namespace = namespace == null || namespace.isEmpty() ? "default" : namespace;
        name = name == null ? "(unnamed)" : name;
        spec = spec == null ? Map.of() : spec;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** An object without labels. */
    public RawObject(String apiVersion, String kind, String namespace, String name, Map<String, Object> spec) {
        this(apiVersion, kind, namespace, name, spec, Map.of());
    }

    /** {@code Kind namespace/name}, the prefix of every message about this object. */
    public String ref() {
        return kind + " " + namespace + "/" + name;
    }

    /** True for the metallb.io objects the allocator reads. */
    public static boolean isMetalLb(String apiVersion) {
        return apiVersion != null && apiVersion.startsWith("metallb.io/");
    }
}
