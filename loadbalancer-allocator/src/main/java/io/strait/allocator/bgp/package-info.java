/**
 * A BGP-4 speaker on Netty (RFC 4271, 4-octet AS RFC 6793, multiprotocol RFC 4760, communities
 * RFC 1997 and RFC 8092, extended optional parameters RFC 9072, Cease subcodes RFC 4486 with
 * RFC 9003 shutdown communication), after MetalLB {@code internal/bgp}:
 * {@link io.strait.allocator.bgp.BgpSession} takes the whole desired route set and reconciles;
 * {@link io.strait.allocator.bgp.RouterId} picks the BGP Identifier per node as MetalLB does; the
 * codec treats peer input as hostile and answers every error with a NOTIFICATION. Session state
 * is confined to one event loop.
 */
package io.strait.allocator.bgp;
