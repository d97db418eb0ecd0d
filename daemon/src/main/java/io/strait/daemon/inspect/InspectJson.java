package io.strait.daemon.inspect;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** JSON of the inspection documents, through fabric8's Jackson-based serialization. Thread-safe. */
final class InspectJson {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private InspectJson() {}

    static String write(Object document) {
        return SERIALIZATION.asJson(document);
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return SERIALIZATION.unmarshal(json, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Strait inspection document: " + e.getMessage(), e);
        }
    }
}
