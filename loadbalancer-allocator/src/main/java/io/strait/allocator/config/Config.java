package io.strait.allocator.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A whole, validated allocator configuration: the result of {@link ConfigParser#parse}. Immutable. */
public record Config(Map<String, Pool> pools, List<L2Advertisement> l2Advertisements,
                     List<BgpAdvertisement> bgpAdvertisements, List<BgpPeer> bgpPeers) {
    public static final Config EMPTY = new Config(Map.of(), List.of(), List.of(), List.of());

    public Config {
        pools = java.util.Collections.unmodifiableMap(new TreeMap<>(pools));
        l2Advertisements = List.copyOf(l2Advertisements);
        bgpAdvertisements = List.copyOf(bgpAdvertisements);
        bgpPeers = List.copyOf(bgpPeers);
    }
}
