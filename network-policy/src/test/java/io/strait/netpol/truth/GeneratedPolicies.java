package io.strait.netpol.truth;

import io.strait.netpol.model.Cidr;
import io.strait.netpol.model.Direction;
import io.strait.netpol.model.LabelSelector;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Peer;
import io.strait.netpol.model.PolicyPort;
import io.strait.netpol.model.Protocol;
import io.strait.netpol.model.Requirement;
import io.strait.netpol.model.Rule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Policy sets drawn from a seed in the style of cyclonus (peers × ports × protocols × conflicting
 * policies) over the truth table's labels ({@code pod: a|b|c}, {@code ns: x|y|z}), ports 80/81
 * and the pods' named ports, with ipBlocks cut around the pods' own addresses.
 */
final class GeneratedPolicies {
    private static final String[] NS = {"x", "y", "z"};
    private static final String[] PODS = {"a", "b", "c"};

    private GeneratedPolicies() {}

    static List<NetworkPolicy> draw(long seed, Map<String, String> podIps) {
        Random r = new Random(seed);
        List<NetworkPolicy> out = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            Set<Direction> types = EnumSet.noneOf(Direction.class);
            switch (r.nextInt(4)) {
                case 1 -> types.add(Direction.INGRESS);
                case 2 -> types.add(Direction.EGRESS);
                case 3 -> types.addAll(List.of(Direction.INGRESS, Direction.EGRESS));
                default -> { } // the API default
            }
            out.add(NetworkPolicy.of(NS[r.nextInt(3)], "gen-" + i, selector(r, "pod", PODS), types,
                    rules(r, podIps), rules(r, podIps)));
        }
        return out;
    }

    private static List<Rule> rules(Random r, Map<String, String> podIps) {
        List<Rule> rules = new ArrayList<>();
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            List<Peer> peers = new ArrayList<>();
            int np = r.nextInt(3);
            for (int j = 0; j < np; j++) {
                peers.add(peer(r, podIps));
            }
            List<PolicyPort> ports = new ArrayList<>();
            int pp = r.nextInt(3);
            for (int j = 0; j < pp; j++) {
                ports.add(port(r));
            }
            rules.add(new Rule(peers, ports));
        }
        return rules;
    }

    private static Peer peer(Random r, Map<String, String> podIps) {
        return switch (r.nextInt(4)) {
            case 0 -> new Peer.Selector(selector(r, "pod", PODS), null);
            case 1 -> new Peer.Selector(null, selector(r, "ns", NS));
            case 2 -> new Peer.Selector(selector(r, "pod", PODS), selector(r, "ns", NS));
            default -> {
                String pod = NS[r.nextInt(3)] + "/" + PODS[r.nextInt(3)];
                Cidr one = Cidr.parse(podIps.get(pod) + "/32");
                yield r.nextBoolean() ? new Peer.IpBlock(one, List.of())
                        : new Peer.IpBlock(Cidr.parse("10.244.7.0/24"), List.of(one));
            }
        };
    }

    private static PolicyPort port(Random r) {
        Protocol proto = r.nextBoolean() ? Protocol.TCP : Protocol.UDP;
        int p = 80 + r.nextInt(2);
        return switch (r.nextInt(4)) {
            case 0 -> PolicyPort.any(proto);
            case 1 -> PolicyPort.number(proto, p);
            case 2 -> PolicyPort.range(proto, 80, 81);
            default -> PolicyPort.named(proto, "serve-" + p + "-" + proto.nftName());
        };
    }

    private static LabelSelector selector(Random r, String key, String[] values) {
        return switch (r.nextInt(5)) {
            case 0 -> LabelSelector.EVERYTHING;
            case 1, 2 -> LabelSelector.of(Map.of(key, values[r.nextInt(values.length)]));
            case 3 -> new LabelSelector(Map.of(), List.of(new Requirement(key, Requirement.Operator.NOT_IN,
                    List.of(values[r.nextInt(values.length)]))));
            default -> new LabelSelector(Map.of(), List.of(new Requirement(key, Requirement.Operator.IN,
                    List.of(values[r.nextInt(values.length)], values[r.nextInt(values.length)]).stream().distinct().toList())));
        };
    }
}
