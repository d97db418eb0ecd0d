package io.strait.ingress.api;

import java.util.Objects;

/**
 * A Secret of {@code type} (expected {@code kubernetes.io/tls}) with its {@code tls.crt} and
 * {@code tls.key} data, PEM encoded.
 */
public record TlsSecretObject(Meta meta, String type, byte[] certificatePem, byte[] keyPem) {
    /** The Secret type whose data is a certificate chain and key. */
    public static final String TLS_TYPE = "kubernetes.io/tls";

    public TlsSecretObject {
        Objects.requireNonNull(meta, "meta");
        certificatePem = certificatePem == null ? new byte[0] : certificatePem.clone();
        keyPem = keyPem == null ? new byte[0] : keyPem.clone();
    }

    @Override
    public byte[] certificatePem() {
        return certificatePem.clone();
    }

    @Override
    public byte[] keyPem() {
        return keyPem.clone();
    }
}
