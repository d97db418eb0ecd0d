/**
 * Applies what this node must announce for LoadBalancer Services: {@link io.strait.daemon.announce.Announcements}
 * takes the whole desired state after each sync (configuration, assigned IPs, nodes, local
 * endpoints), plans it with the allocator's {@code AnnouncementPlanner} and reconciles the ARP
 * and NDP responders (one per interface and address family) and BGP sessions (one per selected
 * BGPPeer). Thread-safety per class.
 */
package io.strait.daemon.announce;
