/**
 * The allocator's configuration: MetalLB's IPAddressPool, L2Advertisement, BGPAdvertisement and
 * BGPPeer as validated immutable records, and the one pure {@link io.strait.allocator.config.ConfigParser#parse}
 * from plain {@link io.strait.allocator.config.RawObject}s (no client types here). Records are
 * immutable and thread-safe; {@link io.strait.allocator.config.ConfigState} publishes by a volatile store.
 */
package io.strait.allocator.config;
