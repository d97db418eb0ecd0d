package io.strait.allocator.config;

import java.util.List;

/**
 * A validated {@code metallb.io/v1beta1 L2Advertisement}.
 *
 * @param pools      {@code ipAddressPools}; see {@link #covers}
 * @param interfaces {@code interfaces}; empty means every interface
 */
public record L2Advertisement(String name, List<String> pools, List<Selector> poolSelectors,
                              List<Selector> nodeSelectors, List<String> interfaces) {
    public L2Advertisement {
        pools = List.copyOf(pools);
        poolSelectors = List.copyOf(poolSelectors);
        nodeSelectors = List.copyOf(nodeSelectors);
        interfaces = List.copyOf(interfaces);
    }

    /** Whether this advertisement applies to the pool (by name or label selector; see {@link Pool#chosenBy}). */
    public boolean covers(Pool pool) {
        return pool != null && pool.chosenBy(pools, poolSelectors);
    }
}
