package io.strait.allocator.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@code metallb.io/v1beta1 IPAddressPool}.
 *
 * @param priority {@code serviceAllocation.priority}: lower is preferred; pools without one
 *                 ({@link Integer#MAX_VALUE}) come last, as in MetalLB
 * @param labels   the pool's {@code metadata.labels}, for advertisements' {@code ipAddressPoolSelectors}
 */
public record Pool(String name, List<AddressRange> ranges, boolean autoAssign, boolean avoidBuggyIPs,
                   int priority, Set<String> namespaces, List<Selector> namespaceSelectors,
                   List<Selector> serviceSelectors, Map<String, String> labels) {
    public Pool {
        ranges = List.copyOf(ranges);
        namespaces = Set.copyOf(namespaces);
        namespaceSelectors = List.copyOf(namespaceSelectors);
        serviceSelectors = List.copyOf(serviceSelectors);
        labels = Map.copyOf(labels);
    }

    /**
     * Whether an advertisement naming these pools ({@code ipAddressPools}) and selecting these
     * ({@code ipAddressPoolSelectors}) applies to this pool: with neither, every pool; otherwise a pool
     * named or matched by a selector (MetalLB's rule; a selector that matches nothing selects nothing).
     */
    public boolean chosenBy(List<String> names, List<Selector> selectors) {
        return (names.isEmpty() && selectors.isEmpty()) || names.contains(name)
                || selectors.stream().anyMatch(s -> s.matches(labels));
    }

    /** True when the address is one this pool may hand out. */
    public boolean contains(InetAddress address) {
        for (AddressRange r : ranges) {
            if (r.contains(address)) {
                return !avoidBuggyIPs || !AddressRange.buggy(AddressRange.toNumber(address), r.ipv6());
            }
        }
        return false;
    }

    public boolean hasFamily(boolean ipv6) {
        return ranges.stream().anyMatch(r -> r.ipv6() == ipv6);
    }

    /** Addresses this pool can hand out, as a double (an IPv6 pool can exceed a long). */
    public double total() {
        BigInteger sum = BigInteger.ZERO;
        for (AddressRange r : ranges) {
            BigInteger n = r.size();
            if (avoidBuggyIPs && !r.ipv6()) {
                n = n.subtract(BigInteger.valueOf(buggyIn(r)));
            }
            sum = sum.add(n);
        }
        return sum.doubleValue();
    }

    private static long buggyIn(AddressRange r) {
        long first = r.first().longValue();
        long last = r.last().longValue();
        long count = 0;
        // addresses ending in .0: multiples of 256; ending in .255: 255 mod 256
        count += Math.floorDiv(last, 256) - Math.floorDiv(first - 1, 256);
        count += Math.floorDiv(last - 255, 256) - Math.floorDiv(first - 256, 256);
        return count;
    }

    /**
     * Whether a Service (namespace, its labels, its namespace's labels) may take addresses from
     * this pool under {@code serviceAllocation}.
     */
    public boolean allows(String namespace, Map<String, String> serviceLabels, Map<String, String> namespaceLabels) {
        boolean nsLimited = !namespaces.isEmpty() || !namespaceSelectors.isEmpty();
        if (nsLimited && !namespaces.contains(namespace)
                && namespaceSelectors.stream().noneMatch(s -> s.matches(namespaceLabels))) {
            return false;
        }
        return serviceSelectors.isEmpty() || serviceSelectors.stream().anyMatch(s -> s.matches(serviceLabels));
    }
}
