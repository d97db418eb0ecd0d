package io.strait.netpol.engine;

import io.strait.netpol.model.Direction;
import io.strait.netpol.model.Namespace;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Peer;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.PolicyPort;
import io.strait.netpol.model.Protocol;
import io.strait.netpol.model.Rule;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;

/**
 * The specification read literally, with no precomputation: for every connection walk every
 * policy, evaluate its selectors on the spot. The oracle of {@link PolicySnapshotProperties}.
 * (Pod IPs are unique in its inputs, so "the pod at an IP" needs no tie-break.)
 */
final class SpecModel {
    private final PolicyInputs in;

    SpecModel(PolicyInputs in) {
        this.in = in;
    }

    boolean allowed(InetAddress src, InetAddress dst, int port, Protocol proto) {
        Pod from = podAt(src);
        Pod to = podAt(dst);
        if (from != null && from.equals(to)) {
            return true; // a pod cannot block access to itself
        }
        boolean egressOk = from == null || in.nodeAddresses().contains(dst)
                || directionAllows(from, Direction.EGRESS, dst, to, port, proto, to);
        boolean ingressOk = to == null || in.nodeAddresses().contains(src)
                || directionAllows(to, Direction.INGRESS, src, from, port, proto, to);
        return egressOk && ingressOk;
    }

    private boolean directionAllows(Pod subject, Direction d, InetAddress peerIp, Pod peerPod, int port,
            Protocol proto, Pod destination) {
        boolean isolated = false;
        for (NetworkPolicy p : in.policies()) {
            if (!p.types().contains(d) || !p.namespace().equals(subject.namespace())
                    || !p.podSelector().matches(subject.labels())) {
                continue;
            }
            isolated = true;
            List<Rule> rules = d == Direction.INGRESS ? p.ingress() : p.egress();
            for (Rule r : rules) {
                if (peerOk(r, peerIp, peerPod, p.namespace()) && portOk(r, port, proto, destination)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    private boolean peerOk(Rule r, InetAddress ip, Pod pod, String policyNamespace) {
        if (r.peers().isEmpty()) {
            return true;
        }
        for (Peer peer : r.peers()) {
            switch (peer) {
                case Peer.Selector s -> {
                    if (pod == null) {
                        continue;
                    }
                    boolean nsOk = s.namespaceSelector() == null ? pod.namespace().equals(policyNamespace)
                            : s.namespaceSelector().matches(namespaceLabels(pod.namespace()));
                    boolean podOk = s.podSelector() == null || s.podSelector().matches(pod.labels());
                    if (nsOk && podOk) {
                        return true;
                    }
                }
                case Peer.IpBlock b -> {
                    if (b.cidr().contains(ip) && b.except().stream().noneMatch(e -> e.contains(ip))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean portOk(Rule r, int port, Protocol proto, Pod destination) {
        if (r.ports().isEmpty()) {
            return true;
        }
        for (PolicyPort pp : r.ports()) {
            if (pp.protocol() != proto) {
                continue;
            }
            if (pp.isNamed()) {
                if (destination != null && destination.namedPorts().stream()
                        .anyMatch(n -> n.name().equals(pp.name()) && n.protocol() == proto && n.port() == port)) {
                    return true;
                }
            } else if (pp.isAny() || (port >= pp.port() && port <= pp.endPort())) {
                return true;
            }
        }
        return false;
    }

    private java.util.Map<String, String> namespaceLabels(String name) {
        return in.namespaces().stream().filter(n -> n.name().equals(name)).map(Namespace::labels).findFirst()
                .orElse(java.util.Map.of());
    }

    private Pod podAt(InetAddress ip) {
        return in.pods().stream().filter(p -> p.ips().contains(ip))
                .min(Comparator.comparing(Pod::namespace).thenComparing(Pod::name)).orElse(null);
    }
}
