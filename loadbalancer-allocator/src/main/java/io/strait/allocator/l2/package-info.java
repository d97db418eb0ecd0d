/**
 * Layer-2 announcement (MetalLB {@code internal/layer2}): the deterministic choice of the
 * announcing node ({@link io.strait.allocator.l2.AnnouncerChoice}, pure), the ARP and NDP codecs
 * ({@link io.strait.allocator.l2.ArpPacket}, {@link io.strait.allocator.l2.NdpPacket}, fuzzed) and
 * one responder per interface and protocol on an AF_PACKET socket through the FFM API
 * ({@link io.strait.allocator.l2.L2Responder}, {@link io.strait.allocator.l2.L2Protocol}).
 *
 * <p>The kernel must not answer for the LoadBalancer IPs itself, or every node would. IPv6: Linux
 * answers a neighbour solicitation only for an address assigned to the interface it arrived on
 * (or with {@code proxy_ndp}, or an anycast address), so a VIP held by an AnyIP local route on
 * {@code lo} or by a port-less bridge is never answered by the kernel: nothing to configure (the
 * network tests check it). IPv4: with the default {@code arp_ignore=0} the kernel answers ARP for
 * any local address on any interface; set {@code arp_ignore=1}. Thread-safety per class.
 */
package io.strait.allocator.l2;
