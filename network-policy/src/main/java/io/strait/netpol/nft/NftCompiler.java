package io.strait.netpol.nft;

import io.strait.netpol.engine.PolicySnapshot;
import io.strait.netpol.engine.Selection;
import io.strait.netpol.model.Direction;
import io.strait.netpol.model.Ips;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Peer;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.PolicyPort;
import io.strait.netpol.model.PolicyRef;
import io.strait.netpol.model.Rule;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Snapshot → the {@code inet strait-netpol} table. One base chain on the forward hook (what
 * pod-to-pod traffic crosses on the node: routed traffic, and bridged traffic through
 * br_netfilter), in this order: established/related accept; Strait's pass mark accept; traffic
 * from or to a trusted node address accept; the source pod's egress (a verdict map from pod IP to
 * its egress chain: a matching rule {@code return}s, the end drops); the destination pod's ingress
 * (a map to its ingress chain: a matching rule accepts, the end drops); otherwise accept (pods
 * nobody isolates). Pods share a chain when their rules render the same (it is named after its content). Selector peers become
 * named sets of pod IPs (per family), so pods coming and going only change set and map elements.
 */
public final class NftCompiler {
    private NftCompiler() {}

    public static NftRuleset compile(PolicySnapshot snapshot) {
        return compile(snapshot.selection(), NftOptions.DEFAULT);
    }

    public static NftRuleset compile(Selection sel, NftOptions opt) {
        Map<PolicyRef, Integer> index = new HashMap<>();
        sel.policies().forEach(p -> index.put(p.ref(), index.size()));
        List<NftSet> sets = new ArrayList<>();
        addrSets(sets, "nodes", "trusted node addresses", new ArrayList<>(sel.nodeAddresses()));
        List<String> chains = new ArrayList<>();
        chains.add(forward(opt));
        for (Direction d : Direction.values()) {
            String dir = d == Direction.INGRESS ? "ingress" : "egress";
            Map<List<String>, String> chainByBody = new LinkedHashMap<>();
            Map<List<Object>, String> chainByKey = new HashMap<>();
            TreeSet<String> v4 = new TreeSet<>();
            TreeSet<String> v6 = new TreeSet<>();
            for (Pod pod : sel.pods()) {
                List<NetworkPolicy> policies = sel.isolating(pod, d);
                if (policies.isEmpty()) {
                    continue;
                }
                // The body depends on the policies and, for ingress, on the pod's named ports only.
                List<PolicyRef> refs = policies.stream().map(NetworkPolicy::ref).toList(); // cheap to hash, unlike the records
                List<Object> key = d == Direction.INGRESS ? List.of(refs, pod.namedPorts()) : List.of(refs);
                String chain = chainByKey.computeIfAbsent(key, k -> {
                    List<String> body = new ArrayList<>();
                    for (NetworkPolicy p : policies) {
                        List<Rule> rules = p.rules(d);
                        for (int r = 0; r < rules.size(); r++) {
                            body.addAll(RuleLines.render(p, d, r, rules.get(r), base(index, p, d, r),
                                    d == Direction.INGRESS ? pod : null, d == Direction.INGRESS ? "accept" : "return"));
                        }
                    }
                    return chainByBody.computeIfAbsent(body, b -> chainName(dir, b));
                });
                for (InetAddress ip : pod.ips()) {
                    (ip instanceof Inet4Address ? v4 : v6).add(Ips.format(ip) + " : jump " + chain);
                }
            }
            sets.add(new NftSet(dir + "-v4", "map", "ipv4_addr : verdict", dir + " chain per isolated pod", v4));
            sets.add(new NftSet(dir + "-v6", "map", "ipv6_addr : verdict", dir + " chain per isolated pod", v6));
            if (new java.util.HashSet<>(chainByBody.values()).size() != chainByBody.size()) {
                throw new IllegalStateException("two different " + dir + " chains hash to one name: " + chainByBody.values());
            }
            new java.util.TreeMap<>(inverse(chainByBody)).forEach((name, body) -> chains.add(chain(name, body)));
        }
        for (NetworkPolicy p : sel.policies()) {
            for (Direction d : p.types()) {
                List<Rule> rules = p.rules(d);
                for (int r = 0; r < rules.size(); r++) {
                    String what = p.ref() + " " + d.apiName().toLowerCase(java.util.Locale.ROOT) + "[" + r + "]";
                    Rule rule = rules.get(r);
                    if (rule.peers().stream().anyMatch(Peer.Selector.class::isInstance)) {
                        List<InetAddress> ips = new ArrayList<>();
                        sel.selectorPeers(p, d, r).forEach(pod -> ips.addAll(pod.ips()));
                        addrSets(sets, base(index, p, d, r), what + " peers", ips);
                    }
                    if (d == Direction.EGRESS && rule.ports().stream().anyMatch(PolicyPort::isNamed)) {
                        namedPortSets(sets, sel, base(index, p, d, r), p, r, rule, what);
                    }
                }
            }
        }
        return new NftRuleset(opt.table(), chains, NftRuleset.index(sets));
    }

    /** {@code p<policy index>-in<rule>} / {@code p<i>-eg<rule>}. */
    private static String base(Map<PolicyRef, Integer> index, NetworkPolicy p, Direction d, int rule) {
        return "p" + index.get(p.ref()) + (d == Direction.INGRESS ? "-in" : "-eg") + rule;
    }

    private static void addrSets(List<NftSet> sets, String name, String comment, List<InetAddress> ips) {
        TreeSet<String> v4 = new TreeSet<>();
        TreeSet<String> v6 = new TreeSet<>();
        for (InetAddress ip : ips) {
            (ip instanceof Inet4Address ? v4 : v6).add(Ips.format(ip));
        }
        sets.add(new NftSet(name + "-v4", "set", "ipv4_addr", comment, v4));
        sets.add(new NftSet(name + "-v6", "set", "ipv6_addr", comment, v6));
    }

    /** Egress named ports: (destination IP, protocol, port) for every destination pod the rule's peers cover. */
    private static void namedPortSets(List<NftSet> sets, Selection sel, String base, NetworkPolicy p, int r, Rule rule, String what) {
        TreeSet<String> v4 = new TreeSet<>();
        TreeSet<String> v6 = new TreeSet<>();
        List<Pod> bySelector = sel.selectorPeers(p, Direction.EGRESS, r);
        for (Pod dst : sel.pods()) {
            for (InetAddress ip : dst.ips()) {
                if (!covers(rule, bySelector, dst, ip)) {
                    continue;
                }
                for (PolicyPort port : rule.ports()) {
                    int n = port.isNamed() ? dst.resolve(port.name(), port.protocol()) : -1;
                    if (n > 0) {
                        (ip instanceof Inet4Address ? v4 : v6).add(Ips.format(ip) + " . " + port.protocol().nftName() + " . " + n);
                    }
                }
            }
        }
        sets.add(new NftSet(base + "-np-v4", "set", "ipv4_addr . inet_proto . inet_service", what + " named ports", v4));
        sets.add(new NftSet(base + "-np-v6", "set", "ipv6_addr . inet_proto . inet_service", what + " named ports", v6));
    }

    private static boolean covers(Rule rule, List<Pod> bySelector, Pod dst, InetAddress ip) {
        if (rule.peers().isEmpty() || bySelector.contains(dst)) {
            return true;
        }
        for (Peer peer : rule.peers()) {
            if (peer instanceof Peer.IpBlock b && b.cidr().contains(ip) && b.except().stream().noneMatch(e -> e.contains(ip))) {
                return true;
            }
        }
        return false;
    }

    private static String forward(NftOptions opt) {
        String mark = String.format("0x%08x", opt.passMark());
        return String.join("\n\t\t", "\tchain forward {",
                "type filter hook forward priority filter; policy accept;",
                "ct state established,related accept",
                "meta mark & " + mark + " == " + mark + " accept comment \"checked by Strait\"",
                "ip saddr @nodes-v4 accept", "ip6 saddr @nodes-v6 accept",
                "ip daddr @nodes-v4 accept", "ip6 daddr @nodes-v6 accept",
                "ip saddr vmap @egress-v4", "ip6 saddr vmap @egress-v6",
                "ip daddr vmap @ingress-v4", "ip6 daddr vmap @ingress-v6") + "\n\t}\n";
    }

    /**
     * A chain is named after its content ({@code ingress-} + 48 bits of SHA-256 of its rules), not
     * after the first pod using it: then pods coming and going leave every surviving chain's name,
     * and so the table's structure, unchanged, and only map elements move.
     */
    private static String chainName(String dir, List<String> body) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return dir + "-" + java.util.HexFormat.of().formatHex(h, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    private static Map<String, List<String>> inverse(Map<List<String>, String> byBody) {
        Map<String, List<String>> m = new HashMap<>();
        byBody.forEach((body, name) -> m.put(name, body));
        return m;
    }

    private static String chain(String name, List<String> body) {
        StringBuilder sb = new StringBuilder("\tchain ").append(name).append(" {\n");
        body.forEach(l -> sb.append("\t\t").append(l).append('\n'));
        return sb.append("\t\tcounter drop\n\t}\n").toString();
    }
}
