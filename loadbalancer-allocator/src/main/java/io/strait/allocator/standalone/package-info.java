/**
 * Standalone mode's LoadBalancer allocation, as a decorator around a snapshot source that holds
 * the metallb.io objects ({@link io.strait.allocator.standalone.AllocationSource}, the manifest
 * folder): {@link io.strait.allocator.standalone.LoadBalancerStage} allocates on each new snapshot
 * and announces as the sync's LoadBalancer sink. Thread-safety per class.
 */
package io.strait.allocator.standalone;
