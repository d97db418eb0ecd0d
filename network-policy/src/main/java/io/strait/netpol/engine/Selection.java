package io.strait.netpol.engine;

import io.strait.netpol.model.Direction;
import io.strait.netpol.model.Namespace;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Peer;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.PolicyRef;
import io.strait.netpol.model.Rule;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every selector evaluated once: which policies isolate each pod in each direction, and which
 * pods each rule's selector peers choose. Shared by the verdict engine and the nftables compiler
 * so both enforce one reading of the policies. Policies are in namespace/name order, pods in
 * namespace/name order; an IP claimed by two pods belongs to the first (the other loses it, and a
 * pod left with no IP is not part of the selection: nothing can reach it by address). Immutable.
 */
public final class Selection {
    private final List<NetworkPolicy> policies;
    private final List<Pod> pods;
    private final Map<InetAddress, Pod> podsByIp;
    private final Map<String, Namespace> namespaces;
    private final Set<InetAddress> nodeAddresses;
    private final Map<String, List<Pod>> podsByNamespace = new HashMap<>();
    private final Map<Direction, Map<Pod, List<NetworkPolicy>>> isolating = new EnumMap<>(Direction.class);
    private final Map<Direction, Map<PolicyRef, List<List<Pod>>>> peers = new EnumMap<>(Direction.class);

    private Selection(PolicyInputs in) {
        policies = in.policies().stream().sorted(Comparator.comparing(NetworkPolicy::ref)).toList();
        for (int i = 1; i < policies.size(); i++) {
            if (policies.get(i).ref().equals(policies.get(i - 1).ref())) {
                throw new IllegalArgumentException("NetworkPolicy " + policies.get(i).ref() + " given twice");
            }
        }
        Map<String, Namespace> ns = new TreeMap<>();
        in.namespaces().forEach(n -> ns.put(n.name(), n));
        namespaces = Collections.unmodifiableMap(ns);
        nodeAddresses = in.nodeAddresses();
        Map<InetAddress, Pod> byIp = new LinkedHashMap<>();
        List<Pod> kept = new ArrayList<>();
        for (Pod p : in.pods().stream().sorted(Comparator.comparing(Pod::namespace).thenComparing(Pod::name)).toList()) {
            List<InetAddress> own = p.ips().stream().filter(ip -> !byIp.containsKey(ip)).distinct().toList();
            if (own.isEmpty()) {
                continue;
            }
            Pod effective = own.size() == p.ips().size() ? p
                    : new Pod(p.namespace(), p.name(), p.labels(), own, p.namedPorts());
            own.forEach(ip -> byIp.put(ip, effective));
            kept.add(effective);
        }
        pods = List.copyOf(kept);
        podsByIp = Collections.unmodifiableMap(byIp);
        pods.forEach(p -> podsByNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p));
        for (Direction d : Direction.values()) {
            // Keyed by identity: the pods are this selection's own instances, and a record's hash would walk its labels.
            Map<Pod, List<NetworkPolicy>> iso = new java.util.IdentityHashMap<>();
            Map<PolicyRef, List<List<Pod>>> rulePeers = new HashMap<>();
            for (NetworkPolicy policy : policies) {
                if (!policy.types().contains(d)) {
                    continue;
                }
                for (Pod pod : podsByNamespace.getOrDefault(policy.namespace(), List.of())) {
                    if (policy.isolates(pod, d)) {
                        iso.computeIfAbsent(pod, k -> new ArrayList<>()).add(policy);
                    }
                }
                List<List<Pod>> perRule = new ArrayList<>();
                for (Rule rule : policy.rules(d)) {
                    perRule.add(selectorPeers(rule, policy.namespace()));
                }
                rulePeers.put(policy.ref(), List.copyOf(perRule));
            }
            iso.replaceAll((k, v) -> List.copyOf(v));
            isolating.put(d, iso);
            peers.put(d, rulePeers);
        }
    }

    /** Evaluates every selector of the inputs. */
    public static Selection of(PolicyInputs in) {
        return new Selection(in);
    }

    /** The pods of the rule's selector peers, in pod order; each peer looks only at the namespaces it can match. */
    private List<Pod> selectorPeers(Rule rule, String policyNamespace) {
        java.util.Set<Pod> chosen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Peer peer : rule.peers()) {
            if (!(peer instanceof Peer.Selector s)) {
                continue;
            }
            for (var e : podsByNamespace.entrySet()) {
                String ns = e.getKey();
                boolean nsOk = s.namespaceSelector() == null ? ns.equals(policyNamespace)
                        : s.namespaceSelector().matches(namespaceLabels(ns));
                if (!nsOk) {
                    continue;
                }
                for (Pod pod : e.getValue()) {
                    if (s.podSelector() == null || s.podSelector().matches(pod.labels())) {
                        chosen.add(pod);
                    }
                }
            }
        }
        if (chosen.isEmpty()) {
            return List.of();
        }
        List<Pod> out = new ArrayList<>(chosen.size());
        for (Pod pod : pods) {
            if (chosen.contains(pod)) {
                out.add(pod);
            }
        }
        return List.copyOf(out);
    }

    private Map<String, String> namespaceLabels(String name) {
        Namespace n = namespaces.get(name);
        return n == null ? Map.of() : n.labels();
    }

    /** The policies in namespace/name order. */
    public List<NetworkPolicy> policies() {
        return policies;
    }

    /** The pods that own at least one IP, in namespace/name order (IPs de-duplicated). */
    public List<Pod> pods() {
        return pods;
    }

    /** The pod owning an address, or null. */
    public Pod podAt(InetAddress ip) {
        return podsByIp.get(ip);
    }

    public Set<InetAddress> nodeAddresses() {
        return nodeAddresses;
    }

    /**
     * The policies (in order) that isolate {@code pod} in {@code direction}; empty when it is not
     * isolated. {@code pod} must be one of {@link #pods()} (looked up by identity).
     */
    public List<NetworkPolicy> isolating(Pod pod, Direction direction) {
        return isolating.get(direction).getOrDefault(pod, List.of());
    }

    /**
     * The pods chosen by the selector peers (not the ipBlocks) of rule {@code rule} of
     * {@code policy}'s {@code direction} rules, in order. Empty for a rule with no selector peer.
     */
    public List<Pod> selectorPeers(NetworkPolicy policy, Direction direction, int rule) {
        return peers.get(direction).get(policy.ref()).get(rule);
    }
}
