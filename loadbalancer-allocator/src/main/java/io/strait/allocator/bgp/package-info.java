/**
 * A BGP-4 speaker on Netty (RFC 4271, 4-octet AS RFC 6793, multiprotocol RFC 4760, communities
 * RFC 1997 and RFC 8092), after MetalLB {@code internal/bgp}: {@link io.strait.allocator.bgp.BgpSession}
 * takes the whole desired route set and reconciles; the codec treats peer input as hostile and
 * answers every error with a NOTIFICATION. Session state is confined to one event loop.
 */
package io.strait.allocator.bgp;
