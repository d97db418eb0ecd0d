package io.strait.allocator.announce;

import io.strait.allocator.bgp.Advertisement;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this node must announce: the desired state handed whole to the announcers
 * ({@code L2Responder.announce(set)} per interface and protocol, {@code BgpSession.set(list)} per peer).
 *
 * @param l2ByInterface addresses to answer ARP (IPv4) or NDP (IPv6) for, by interface ({@link #ALL_INTERFACES} when the
 *                      L2Advertisement lists none)
 * @param bgpByPeer     routes by BGPPeer name
 * @param problems      configuration conflicts met while planning (reported, not fatal)
 */
public record AnnouncementPlan(Map<String, Set<InetAddress>> l2ByInterface, Map<String, List<Advertisement>> bgpByPeer,
                               List<String> problems) {
    public static final String ALL_INTERFACES = "";

    public AnnouncementPlan {
        l2ByInterface = Map.copyOf(l2ByInterface);
        bgpByPeer = Map.copyOf(bgpByPeer);
        problems = List.copyOf(problems);
    }

    /** A plan without problems. */
    public AnnouncementPlan(Map<String, Set<InetAddress>> l2ByInterface, Map<String, List<Advertisement>> bgpByPeer) {
        this(l2ByInterface, bgpByPeer, List.of());
    }
}
