package io.strait.allocator.config;

import java.util.List;

/**
 * A validated {@code metallb.io/v1beta1 BGPAdvertisement}.
 *
 * @param localPref 0 when unset (LOCAL_PREF is then not sent)
 * @param pools     {@code ipAddressPools}; see {@link #covers}
 * @param peers     names of BGPPeers; empty means every peer
 */
public record BgpAdvertisement(String name, int aggregationLength, int aggregationLengthV6, long localPref,
                               List<Community> communities, List<String> pools, List<Selector> poolSelectors,
                               List<String> peers, List<Selector> nodeSelectors) {
    public BgpAdvertisement {
        communities = List.copyOf(communities);
        pools = List.copyOf(pools);
        poolSelectors = List.copyOf(poolSelectors);
        peers = List.copyOf(peers);
        nodeSelectors = List.copyOf(nodeSelectors);
    }

    /** Whether this advertisement applies to the pool (by name or label selector; see {@link Pool#chosenBy}). */
    public boolean covers(Pool pool) {
        return pool != null && pool.chosenBy(pools, poolSelectors);
    }
}
