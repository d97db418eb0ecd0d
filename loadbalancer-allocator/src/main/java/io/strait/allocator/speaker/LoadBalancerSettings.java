package io.strait.allocator.speaker;

/**
 * Kubernetes mode's LoadBalancer settings, parsed once from the command line.
 *
 * @param allocate        campaign for the allocator's Lease and allocate while leading
 * @param announce        announce from this node (ARP/NDP, BGP)
 * @param ignoreExcludeLb announce from Nodes labelled to be excluded from external load balancers too
 * @param leaseNamespace  the namespace of the allocator's and the speakers' Leases
 * @param leaseName       the allocator's Lease
 */
public record LoadBalancerSettings(boolean allocate, boolean announce, boolean ignoreExcludeLb,
                                   String leaseNamespace, String leaseName) {}
