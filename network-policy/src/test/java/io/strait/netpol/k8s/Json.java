package io.strait.netpol.k8s;

import io.fabric8.kubernetes.client.utils.Serialization;

/** Reads fabric8 objects from compact YAML flow text ({@code {metadata: {name: 'p'}}}) for tests. */
final class Json {
    private Json() {}

    static <T> T read(String yaml, Class<T> type) {
        return Serialization.unmarshal("# flow-style YAML\n" + yaml, type); // a leading { would be read as strict JSON
    }

    /** A NetworkPolicy x/p with this spec. */
    static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy policy(String spec) {
        return read("{metadata: {namespace: 'x', name: 'p'}, spec: " + spec + "}",
                io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class);
    }
}
