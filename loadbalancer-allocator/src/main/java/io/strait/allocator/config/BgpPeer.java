package io.strait.allocator.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * A validated {@code metallb.io/v1beta2 BGPPeer}.
 *
 * @param routerId null when unset (the node's address is used)
 * @param password null when unset (no TCP MD5)
 * @param sourceAddress null when unset (the kernel picks the session's local address)
 */
public record BgpPeer(String name, long myAsn, long peerAsn, InetAddress peerAddress, int peerPort,
                      Duration holdTime, Duration keepaliveTime, InetAddress routerId, String password,
                      List<Selector> nodeSelectors, InetAddress sourceAddress) {
    public BgpPeer {
        nodeSelectors = List.copyOf(nodeSelectors);
    }

    /** iBGP when both sides have the same AS: LOCAL_PREF is sent only then. */
    public boolean internal() {
        return myAsn == peerAsn;
    }
}
