package io.strait.ingress.api;

import java.util.Map;
import java.util.Objects;

/**
 * A {@code networking.k8s.io/v1 IngressClass} (cluster-scoped).
 *
 * @param controller  {@code spec.controller}
 * @param annotations {@code metadata.annotations} ({@value #DEFAULT_CLASS_ANNOTATION} marks the default)
 */
public record IngressClassObject(String name, String controller, Map<String, String> annotations) {
    /** The annotation that makes a class the default for Ingresses without {@code ingressClassName}. */
    public static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

    public IngressClassObject {
        Objects.requireNonNull(name, "name");
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** True when the default-class annotation is {@code "true"}. */
    public boolean isDefault() {
        return "true".equals(annotations.get(DEFAULT_CLASS_ANNOTATION));
    }
}
