package io.strait.netpol.engine;

import io.strait.netpol.model.Peer;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.PolicyPort;
import io.strait.netpol.model.Protocol;
import io.strait.netpol.model.Rule;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One rule ready for matching: its selector peers as a hash set of pod IPs, its ipBlocks and its
 * ports as arrays. Built once per (policy, direction, rule) and shared by every pod the policy
 * isolates. Immutable.
 */
final class CompiledRule {
    private final boolean everyPeer;
    private final Set<InetAddress> peerIps;
    private final Peer.IpBlock[] blocks;
    private final PolicyPort[] ports;

    CompiledRule(Rule rule, List<Pod> selectorPeers) {
        everyPeer = rule.peers().isEmpty();
        Set<InetAddress> ips = new HashSet<>();
        selectorPeers.forEach(p -> ips.addAll(p.ips()));
        peerIps = Set.copyOf(ips);
        blocks = rule.peers().stream().filter(Peer.IpBlock.class::isInstance).map(Peer.IpBlock.class::cast)
                .toArray(Peer.IpBlock[]::new);
        ports = rule.ports().toArray(PolicyPort[]::new);
    }

    /** Whether the other end ({@code peer}) is one of the rule's peers. */
    boolean peerMatches(InetAddress peer) {
        if (everyPeer || peerIps.contains(peer)) {
            return true;
        }
        if (blocks.length == 0) {
            return false;
        }
        byte[] b = peer.getAddress();
        boolean v6 = b.length == 16;
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < b.length; i++) {
            if (v6 && i < 8) {
                hi = (hi << 8) | (b[i] & 0xff);
            } else {
                lo = (lo << 8) | (b[i] & 0xff);
            }
        }
        for (Peer.IpBlock block : blocks) {
            if (block.contains(v6, hi, lo)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the destination port matches; named ports are resolved on {@code destination} (null: not a pod). */
    boolean portMatches(int port, Protocol protocol, Pod destination) {
        if (ports.length == 0) {
            return true;
        }
        for (PolicyPort p : ports) {
            if (p.matches(port, protocol, destination)) {
                return true;
            }
        }
        return false;
    }
}
