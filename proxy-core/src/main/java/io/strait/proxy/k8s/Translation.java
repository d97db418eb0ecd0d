package io.strait.proxy.k8s;

/**
 * The outcome of translating one Kubernetes object: used, or deliberately ignored (headless,
 * ExternalName, another proxy's Service, an FQDN slice) with the reason, so nothing is dropped
 * without a word. Invalid objects throw {@link InvalidObjectException} instead.
 */
public sealed interface Translation<T> {
    record Accepted<T>(T value) implements Translation<T> {}

    record Ignored<T>(String reason) implements Translation<T> {}
}
