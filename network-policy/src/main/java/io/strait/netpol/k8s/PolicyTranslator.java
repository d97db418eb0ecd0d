package io.strait.netpol.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.strait.netpol.model.Cidr;
import io.strait.netpol.model.Direction;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Peer;
import io.strait.netpol.model.PolicyPort;
import io.strait.netpol.model.Protocol;
import io.strait.netpol.model.Rule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * fabric8 {@code NetworkPolicy} → model {@link NetworkPolicy}, with the API server's validation
 * (peers, CIDRs and their exceptions, protocols, port numbers, port names, endPort) and defaults
 * (TCP, policyTypes). Throws {@link PolicyProblem.Invalid} naming the first bad field. Stateless.
 */
public final class PolicyTranslator {
    private PolicyTranslator() {}

    public static NetworkPolicy translate(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy np) {
        String ns = np.getMetadata().getNamespace() == null ? "default" : np.getMetadata().getNamespace();
        Fields f = new Fields("NetworkPolicy", ns + "/" + np.getMetadata().getName());
        var spec = np.getSpec();
        if (spec == null) {
            throw f.invalid("spec", "is required");
        }
        if (spec.getPodSelector() == null) {
            throw f.invalid("spec.podSelector", "is required ({} selects every pod of the namespace)");
        }
        Set<Direction> types = EnumSet.noneOf(Direction.class);
        List<String> declared = spec.getPolicyTypes() == null ? List.of() : spec.getPolicyTypes();
        for (int i = 0; i < declared.size(); i++) {
            switch (String.valueOf(declared.get(i))) {
                case "Ingress" -> types.add(Direction.INGRESS);
                case "Egress" -> types.add(Direction.EGRESS);
                default -> throw f.invalid("spec.policyTypes[" + i + "]", "\"" + declared.get(i) + "\" is not Ingress or Egress");
            }
        }
        List<Rule> ingress = new ArrayList<>();
        var in = spec.getIngress() == null ? List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule>of() : spec.getIngress();
        for (int i = 0; i < in.size(); i++) {
            ingress.add(rule(f, "spec.ingress[" + i + "]", "from", in.get(i).getFrom(), in.get(i).getPorts()));
        }
        List<Rule> egress = new ArrayList<>();
        var out = spec.getEgress() == null ? List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule>of() : spec.getEgress();
        for (int i = 0; i < out.size(); i++) {
            egress.add(rule(f, "spec.egress[" + i + "]", "to", out.get(i).getTo(), out.get(i).getPorts()));
        }
        return NetworkPolicy.of(ns, np.getMetadata().getName(), f.selector("spec.podSelector", spec.getPodSelector()),
                types, ingress, egress);
    }

    private static Rule rule(Fields f, String at, String peersField, List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
        List<Peer> outPeers = new ArrayList<>();
        for (int j = 0; peers != null && j < peers.size(); j++) {
            outPeers.add(peer(f, at + "." + peersField + "[" + j + "]", peers.get(j)));
        }
        List<PolicyPort> outPorts = new ArrayList<>();
        for (int j = 0; ports != null && j < ports.size(); j++) {
            outPorts.add(port(f, at + ".ports[" + j + "]", ports.get(j)));
        }
        return new Rule(outPeers, outPorts);
    }

    private static Peer peer(Fields f, String at, NetworkPolicyPeer p) {
        IPBlock block = p.getIpBlock();
        if (block != null) {
            if (p.getPodSelector() != null || p.getNamespaceSelector() != null) {
                throw f.invalid(at, "ipBlock cannot be combined with podSelector or namespaceSelector");
            }
            Cidr cidr = cidr(f, at + ".ipBlock.cidr", block.getCidr());
            List<Cidr> except = new ArrayList<>();
            List<String> ex = block.getExcept() == null ? List.of() : block.getExcept();
            for (int k = 0; k < ex.size(); k++) {
                String field = at + ".ipBlock.except[" + k + "]";
                Cidr e = cidr(f, field, ex.get(k));
                if (!cidr.covers(e) || e.prefix() == cidr.prefix()) {
                    throw f.invalid(field, "\"" + ex.get(k) + "\" must be strictly within cidr " + block.getCidr());
                }
                except.add(e);
            }
            return new Peer.IpBlock(cidr, except);
        }
        if (p.getPodSelector() == null && p.getNamespaceSelector() == null) {
            throw f.invalid(at, "must set podSelector, namespaceSelector or ipBlock");
        }
        return new Peer.Selector(
                p.getPodSelector() == null ? null : f.selector(at + ".podSelector", p.getPodSelector()),
                p.getNamespaceSelector() == null ? null : f.selector(at + ".namespaceSelector", p.getNamespaceSelector()));
    }

    private static Cidr cidr(Fields f, String field, String text) {
        if (text == null || text.isEmpty()) {
            throw f.invalid(field, "is required");
        }
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw f.invalid(field, e.getMessage());
        }
    }

    private static PolicyPort port(Fields f, String at, NetworkPolicyPort p) {
        Protocol proto = f.protocol(at + ".protocol", p.getProtocol());
        IntOrString port = p.getPort();
        Integer end = p.getEndPort();
        if (port == null) {
            if (end != null) {
                throw f.invalid(at + ".endPort", "needs a numeric port");
            }
            return PolicyPort.any(proto);
        }
        if (port.getStrVal() != null) {
            if (end != null) {
                throw f.invalid(at + ".endPort", "cannot be used with a named port");
            }
            return PolicyPort.named(proto, f.portName(at + ".port", port.getStrVal()));
        }
        int first = f.port(at + ".port", port.getIntVal());
        if (end == null) {
            return PolicyPort.number(proto, first);
        }
        if (end < first || end > 65535) {
            throw f.invalid(at + ".endPort", end + " must be between port " + first + " and 65535");
        }
        return PolicyPort.range(proto, first, end);
    }
}
