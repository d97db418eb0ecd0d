/**
 * Layer-2 announcement (MetalLB {@code internal/layer2}): the deterministic choice of the
 * announcing node ({@link io.strait.allocator.l2.AnnouncerChoice}, pure), the ARP codec
 * ({@link io.strait.allocator.l2.ArpPacket}, fuzzed) and an AF_PACKET responder through the FFM
 * API ({@link io.strait.allocator.l2.ArpResponder}). Thread-safety per class. NDP is not done yet.
 */
package io.strait.allocator.l2;
