package io.strait.proxy.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.strait.proxy.model.ServiceName;

/** Object names, with the namespace defaulted as kubectl does. */
final class K8sNames {
    static final String DEFAULT_NAMESPACE = "default";

    private K8sNames() {}

    static ServiceName serviceName(String kind, ObjectMeta meta) {
        if (meta == null || meta.getName() == null || meta.getName().isEmpty()) {
            throw new InvalidObjectException(kind + " (unnamed)", "metadata.name", "missing");
        }
        String ns = meta.getNamespace() == null || meta.getNamespace().isEmpty()
                ? DEFAULT_NAMESPACE : meta.getNamespace();
        return new ServiceName(ns, meta.getName());
    }
}
