package io.strait.netpol.nft;

import io.strait.netpol.model.Cidr;
import io.strait.netpol.model.Direction;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Peer;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.PolicyPort;
import io.strait.netpol.model.Protocol;
import io.strait.netpol.model.Rule;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The nft statements of one rule: (one of its peers) AND (one of its ports), as one line per
 * peer alternative × port alternative, for both families. Ingress named ports are resolved on
 * the destination pod (the chain's pod); egress named ports are matched by a concatenated set
 * {@code daddr . l4proto . dport} filled per destination pod.
 */
final class RuleLines {
    private RuleLines() {}

    static final String[] FAMILIES = {"v4", "v6"};

    static String keyword(String family) {
        return family.equals("v4") ? "ip" : "ip6";
    }

    /**
     * @param setBase  the base name of this rule's sets ({@code p3-in0}); null when it has no selector peer set
     * @param pod      the destination pod for ingress named ports (null for egress)
     * @param verdict  {@code accept} (ingress) or {@code return} (egress: the ingress check follows)
     */
    static List<String> render(NetworkPolicy policy, Direction d, int index, Rule rule, String setBase, Pod pod,
            String verdict) {
        String field = d == Direction.INGRESS ? "saddr" : "daddr";
        String comment = " comment \"" + policy.ref() + " " + d.apiName().toLowerCase(java.util.Locale.ROOT)
                + "[" + index + "]\"";
        List<String> lines = new ArrayList<>();
        List<String> ports = portAlternatives(rule, pod);
        for (String fam : FAMILIES) {
            String kw = keyword(fam);
            for (String peer : peerAlternatives(rule, setBase, fam, kw, field)) {
                for (String port : ports) {
                    lines.add(join(peer, port, verdict) + comment);
                }
            }
            if (d == Direction.EGRESS && rule.ports().stream().anyMatch(PolicyPort::isNamed)) {
                lines.add(kw + " daddr . meta l4proto . th dport @" + setBase + "-np-" + fam + " " + verdict + comment);
            }
        }
        return lines;
    }

    private static String join(String... parts) {
        return java.util.Arrays.stream(parts).filter(s -> !s.isEmpty()).collect(Collectors.joining(" "));
    }

    private static List<String> peerAlternatives(Rule rule, String setBase, String fam, String kw, String field) {
        if (rule.peers().isEmpty()) {
            return List.of("");
        }
        List<String> out = new ArrayList<>();
        if (rule.peers().stream().anyMatch(Peer.Selector.class::isInstance)) {
            out.add(kw + " " + field + " @" + setBase + "-" + fam);
        }
        for (Peer peer : rule.peers()) {
            if (peer instanceof Peer.IpBlock b && b.cidr().v6() == fam.equals("v6")) {
                String m = kw + " " + field + " " + b.cidr();
                if (!b.except().isEmpty()) {
                    m += " " + kw + " " + field + " != { "
                            + b.except().stream().map(Cidr::toString).collect(Collectors.joining(", ")) + " }";
                }
                out.add(m);
            }
        }
        return out;
    }

    /** Port alternatives from numbers, ranges and (ingress) named ports; [""] when the rule has no ports. */
    private static List<String> portAlternatives(Rule rule, Pod pod) {
        if (rule.ports().isEmpty()) {
            return List.of("");
        }
        Map<Protocol, TreeSet<int[]>> ranges = new EnumMap<>(Protocol.class);
        Map<Protocol, Boolean> any = new EnumMap<>(Protocol.class);
        for (PolicyPort p : rule.ports()) {
            int first = p.port();
            int last = p.endPort();
            if (p.isAny()) {
                any.put(p.protocol(), true);
                continue;
            }
            if (p.isNamed()) {
                if (pod == null) {
                    continue; // egress: the concatenated set does it
                }
                first = pod.resolve(p.name(), p.protocol());
                last = first;
                if (first < 0) {
                    continue;
                }
            }
            ranges.computeIfAbsent(p.protocol(), k -> new TreeSet<>((a, b) -> a[0] != b[0] ? a[0] - b[0] : a[1] - b[1]))
                    .add(new int[] {first, last});
        }
        List<String> out = new ArrayList<>();
        for (Protocol proto : Protocol.values()) {
            String l4 = "meta l4proto " + proto.nftName();
            if (any.containsKey(proto)) {
                out.add(l4);
            } else if (ranges.containsKey(proto)) {
                List<String> items = merge(ranges.get(proto));
                out.add(l4 + " th dport " + (items.size() == 1 ? items.getFirst() : "{ " + String.join(", ", items) + " }"));
            }
        }
        return out;
    }

    /** Overlapping or adjacent ranges merged (nft refuses overlapping intervals in one set). */
    private static List<String> merge(TreeSet<int[]> sorted) {
        List<String> out = new ArrayList<>();
        int lo = -1;
        int hi = -1;
        for (int[] r : sorted) {
            if (lo >= 0 && r[0] <= hi + 1) {
                hi = Math.max(hi, r[1]);
                continue;
            }
            if (lo >= 0) {
                out.add(lo == hi ? Integer.toString(lo) : lo + "-" + hi);
            }
            lo = r[0];
            hi = r[1];
        }
        out.add(lo == hi ? Integer.toString(lo) : lo + "-" + hi);
        return out;
    }
}
