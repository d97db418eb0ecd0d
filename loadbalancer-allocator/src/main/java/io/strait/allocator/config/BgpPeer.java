package io.strait.allocator.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * A validated {@code metallb.io/v1beta2 BGPPeer}.
 *
 * @param namespace the object's namespace (with name, how logs name the peer)
 * @param routerId null when unset (derived per node, see {@code io.strait.allocator.bgp.RouterId}); IPv4
 * @param password null when unset (no TCP MD5)
 * @param sourceAddress null when unset (the kernel picks the session's local address)
 */
public record BgpPeer(String namespace, String name, long myAsn, long peerAsn, InetAddress peerAddress, int peerPort,
                      Duration holdTime, Duration keepaliveTime, InetAddress routerId, String password,
                      List<Selector> nodeSelectors, InetAddress sourceAddress) {
    public BgpPeer {
        nodeSelectors = List.copyOf(nodeSelectors);
    }

    /** {@code namespace/name}, as log lines name the peer. */
    public String ref() {
        return namespace + "/" + name;
    }

    /** iBGP when both sides have the same AS: LOCAL_PREF is sent only then. */
    public boolean internal() {
        return myAsn == peerAsn;
    }
}
