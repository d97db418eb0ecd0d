/**
 * The route objects as plain immutable records: Gateway API v1 (GatewayClass, Gateway,
 * HTTPRoute, ReferenceGrant), {@code networking.k8s.io/v1} Ingress and IngressClass, and TLS
 * Secrets. Fields keep the API's spelling and are not validated here: the compilers in
 * {@code io.strait.ingress.compile} validate them and name the object and field of every error.
 * A fabric8 adapter (or a manifest reader) fills these; nothing here imports a client library.
 * Thread-safe (immutable).
 */
package io.strait.ingress.api;
