package io.strait.daemon.standalone;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One object read from a manifest file, with where it came from.
 *
 * @param source   the file and document, e.g. {@code services/web.yaml (document 2)}
 * @param object   the fabric8 model object
 */
public record ManifestObject(String source, HasMetadata object) {
    /** Kind and namespace/name, e.g. {@code Service default/web}. */
    public String ref() {
        var m = object.getMetadata();
        String ns = m == null || m.getNamespace() == null || m.getNamespace().isEmpty() ? "default" : m.getNamespace();
        String name = m == null || m.getName() == null ? "(unnamed)" : m.getName();
        return object.getKind() + " " + ns + "/" + name;
    }
}
