/**
 * The adapter from fabric8's Kubernetes objects ({@code networking.k8s.io/v1 NetworkPolicy},
 * {@code v1 Pod}, {@code v1 Namespace}) to the model's records, validating as the API server
 * does and naming the object and field of every problem; {@link io.strait.netpol.k8s.LastGoodPolicies}
 * keeps a malformed policy's last good version in force. The only package of this module that
 * imports fabric8. Translators are stateless and thread-safe; {@code LastGoodPolicies} belongs to
 * one control thread.
 */
package io.strait.netpol.k8s;
