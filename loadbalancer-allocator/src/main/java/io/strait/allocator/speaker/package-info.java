/**
 * The speaker (after MetalLB's {@code speaker} beside {@code layer2}/{@code bgp}): what this node
 * announces for LoadBalancer Services. {@link io.strait.allocator.speaker.Announcements} takes the
 * whole desired state (configuration, assigned IPs, nodes with their readiness, local endpoints),
 * plans it with {@code AnnouncementPlanner} and reconciles the ARP and NDP responders (one per
 * interface and address family) and BGP sessions (one per selected BGPPeer), retrying those that
 * failed to start with back-off. {@link io.strait.allocator.speaker.AnnouncementInputs} turns Nodes
 * and snapshots into the planner's inputs. In Kubernetes mode {@link
 * io.strait.allocator.speaker.LoadBalancerAnnouncer} watches Nodes and the metallb.io objects and
 * {@link io.strait.allocator.speaker.SpeakerLeases} says which nodes run an announcer.
 * {@link io.strait.allocator.speaker.AllocatorMetrics} registers the pool gauges. Thread-safety per class.
 */
package io.strait.allocator.speaker;
