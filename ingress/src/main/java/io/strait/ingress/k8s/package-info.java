/**
 * The fabric8 adapter: Kubernetes objects (Ingress, IngressClass, GatewayClass, Gateway, HTTPRoute,
 * ReferenceGrant, Secret) to the plain records of {@code io.strait.ingress.api}. The only package
 * of this module that imports fabric8. Stateless and thread-safe.
 */
package io.strait.ingress.k8s;
