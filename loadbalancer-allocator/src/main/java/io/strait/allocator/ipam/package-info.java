/**
 * LoadBalancer address management, pure and free of client types: {@link io.strait.allocator.ipam.Allocator}
 * reconciles the whole set of Services against a {@link io.strait.allocator.config.Config}.
 * Records are immutable; the Allocator is confined to one control thread.
 */
package io.strait.allocator.ipam;
