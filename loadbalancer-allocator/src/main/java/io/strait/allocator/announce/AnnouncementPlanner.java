package io.strait.allocator.announce;

import io.strait.allocator.bgp.Advertisement;
import io.strait.allocator.bgp.Prefix;
import io.strait.allocator.config.BgpAdvertisement;
import io.strait.allocator.config.BgpPeer;
import io.strait.allocator.config.Community;
import io.strait.allocator.config.Config;
import io.strait.allocator.config.L2Advertisement;
import io.strait.allocator.config.Pool;
import io.strait.allocator.config.Selector;
import io.strait.allocator.l2.AnnouncerChoice;
import io.strait.proxy.model.ServiceName;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pure: (configuration, assigned Services, nodes, this node) → this node's {@link AnnouncementPlan},
 * after MetalLB's speaker. Layer 2: for each address of a pool an L2Advertisement covers, the
 * node {@link AnnouncerChoice} picks among the eligible ones answers (ARP for IPv4, NDP for IPv6)
 * on the advertisement's interfaces. BGP: this node announces each address of a pool a BGPAdvertisement covers to every
 * peer selected by the peer's and the advertisement's nodeSelectors (with
 * {@code externalTrafficPolicy: Local}, only when it has a ready endpoint), as a prefix of the
 * advertisement's aggregation length (/32 and /128 by default). A Service without any ready
 * endpoint is announced by no node, by L2 or BGP (MetalLB's speaker does the same), so neither
 * clients nor routers are drawn to a node that could only refuse the connection.
 *
 * <p>When several BGPAdvertisements give the same prefix to the same peer, one route goes out
 * with the communities of all of them. If their {@code localPref}s differ, the first
 * advertisement's (by namespace/name) is sent and the conflict is reported in the plan's
 * problems: MetalLB refuses such a configuration when the advertisements share a node.
 */
public final class AnnouncementPlanner {
    private AnnouncementPlanner() {}

    /**
     * A Service with assigned addresses, as announcement sees it.
     *
     * @param nodesWithReadyEndpoints the nodes its ready endpoints run on (for policy Local)
     * @param anyReadyEndpoint        whether it has a ready endpoint at all (on a node or not)
     */
    public record ServiceView(ServiceName name, List<InetAddress> ips, String pool, boolean localPolicy,
                              Set<String> nodesWithReadyEndpoints, boolean anyReadyEndpoint) {
        public ServiceView {
            ips = List.copyOf(ips);
            nodesWithReadyEndpoints = Set.copyOf(nodesWithReadyEndpoints);
        }
    }

    public static AnnouncementPlan plan(Config config, Collection<ServiceView> services,
                                        Collection<AnnouncerChoice.NodeView> nodes, String self) {
        Map<String, String> labels = nodes.stream().filter(n -> n.name().equals(self)).findFirst()
                .map(n -> n.labels()).orElse(Map.of());
        boolean selfReady = nodes.stream().anyMatch(n -> n.name().equals(self) && n.ready());
        Map<String, Set<InetAddress>> l2 = new TreeMap<>();
        Map<String, Map<Prefix, Advertisement>> bgp = new TreeMap<>();
        Map<String, Map<Prefix, BgpAdvertisement>> from = new TreeMap<>();
        Set<String> problems = new java.util.LinkedHashSet<>();
        for (ServiceView svc : services) {
            if (!svc.anyReadyEndpoint()) {
                continue;   // as MetalLB: nothing to reach behind it, so no node draws its traffic
            }
            Pool pool = svc.pool() == null ? null : config.pools().get(svc.pool());
            for (L2Advertisement adv : config.l2Advertisements()) {
                if (!adv.covers(pool)) {
                    continue;
                }
                List<String> eligible = AnnouncerChoice.eligible(nodes, adv.nodeSelectors(), svc.localPolicy(),
                        svc.nodesWithReadyEndpoints());
                for (InetAddress ip : svc.ips()) {
                    if (self.equals(AnnouncerChoice.choose(ip, eligible))) {
                        for (String itf : adv.interfaces().isEmpty() ? List.of(AnnouncementPlan.ALL_INTERFACES) : adv.interfaces()) {
                            l2.computeIfAbsent(itf, k -> new HashSet<>()).add(ip);
                        }
                    }
                }
            }
            boolean serves = selfReady && (!svc.localPolicy() || svc.nodesWithReadyEndpoints().contains(self));
            for (BgpAdvertisement adv : config.bgpAdvertisements()) {
                if (!serves || !adv.covers(pool) || !selected(adv.nodeSelectors(), labels)) {
                    continue;
                }
                for (BgpPeer peer : config.bgpPeers()) {
                    if ((!adv.peers().isEmpty() && !adv.peers().contains(peer.name()))
                            || !selected(peer.nodeSelectors(), labels)) {
                        continue;
                    }
                    for (InetAddress ip : svc.ips()) {
                        int len = ip.getAddress().length == 4 ? adv.aggregationLength() : adv.aggregationLengthV6();
                        Prefix prefix = new Prefix(ip, len);
                        Map<Prefix, Advertisement> routes = bgp.computeIfAbsent(peer.name(), k -> new java.util.LinkedHashMap<>());
                        Advertisement before = routes.get(prefix);
                        if (before == null) {
                            routes.put(prefix, new Advertisement(prefix, null, adv.localPref(), adv.communities()));
                            from.computeIfAbsent(peer.name(), k -> new java.util.HashMap<>()).put(prefix, adv);
                            continue;
                        }
                        List<Community> merged = new ArrayList<>(before.communities());
                        adv.communities().stream().filter(c -> !merged.contains(c)).forEach(merged::add);
                        routes.put(prefix, new Advertisement(prefix, null, before.localPref(), merged));
                        if (before.localPref() != adv.localPref()) {
                            problems.add("BGPAdvertisements " + from.get(peer.name()).get(prefix).name() + " and "
                                    + adv.name() + " both announce " + prefix + " to BGPPeer " + peer.name()
                                    + " with spec.localPref " + before.localPref() + " and " + adv.localPref()
                                    + " (MetalLB refuses this); Strait sends " + before.localPref());
                        }
                    }
                }
            }
        }
        Map<String, List<Advertisement>> byPeer = new TreeMap<>();
        bgp.forEach((peer, routes) -> byPeer.put(peer, List.copyOf(routes.values())));
        return new AnnouncementPlan(l2, byPeer, List.copyOf(problems));
    }

    private static boolean selected(List<Selector> selectors, Map<String, String> labels) {
        return selectors.isEmpty() || selectors.stream().anyMatch(s -> s.matches(labels));
    }
}
