/**
 * Applies what this node must announce for LoadBalancer Services: {@link io.strait.daemon.announce.Announcements}
 * takes the whole desired state (configuration, assigned IPs, nodes with their readiness, local
 * endpoints) — after each standalone allocation, or from the Kubernetes-mode announcer on every
 * node — plans it with the allocator's {@code AnnouncementPlanner} and reconciles the ARP
 * and NDP responders (one per interface and address family) and BGP sessions (one per selected BGPPeer), retrying those that
 * failed to start with back-off. {@link io.strait.daemon.announce.AnnouncementInputs} turns Nodes
 * and snapshots into the planner's inputs. Thread-safety per class.
 */
package io.strait.daemon.announce;
