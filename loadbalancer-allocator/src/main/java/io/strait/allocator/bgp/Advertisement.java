package io.strait.allocator.bgp;

import io.strait.allocator.config.Community;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One route to announce: a prefix (a /32 or /128 per LoadBalancer IP by default), its next hop
 * (null: this end of the session, i.e. the node), LOCAL_PREF (sent on iBGP sessions only; 0 =
 * none) and communities (standard RFC 1997 and large RFC 8092).
 */
public record Advertisement(Prefix prefix, InetAddress nextHop, long localPref, List<Community> communities) {
    public Advertisement {
        Objects.requireNonNull(prefix, "prefix");
        communities = List.copyOf(communities);
    }

    public static Advertisement of(InetAddress ip, Community... communities) {
        return new Advertisement(Prefix.host(ip), null, 0, List.of(communities));
    }
}
