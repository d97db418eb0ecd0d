/**
 * The Kubernetes edge of the allocator: adapters from fabric8 objects to the pure core's inputs,
 * the informer-driven {@link io.strait.allocator.k8s.KubernetesAllocator} that writes
 * {@code status.loadBalancer.ingress} and Events, and Lease-based {@link io.strait.allocator.k8s.Leadership}.
 * Informer callbacks only trigger; all decisions run on one control thread.
 */
package io.strait.allocator.k8s;
