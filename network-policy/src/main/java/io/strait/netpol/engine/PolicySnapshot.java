package io.strait.netpol.engine;

import io.strait.netpol.model.Direction;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.PolicyRef;
import io.strait.netpol.model.Protocol;
import io.strait.netpol.model.Rule;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, precomputed policy state: one {@link Guard} per pod and direction where the pod is
 * isolated, looked up by IP. {@link #check} does two hash lookups and walks only the rules of the
 * policies that select the two pods; it allocates one small {@link Verdict} (and, only when an
 * ipBlock has to be tested, the address bytes). Build on a control thread, publish by a volatile
 * store, read from event loops without locks.
 *
 * <p>Semantics (networking.k8s.io/v1): a pod is isolated in a direction when a policy of that type
 * selects it; then only what some rule of those policies allows passes (the union). A connection
 * passes when the source pod's egress and the destination pod's ingress both allow it. Traffic
 * between a pod and a {@linkplain PolicyInputs#nodeAddresses() node address} always passes, and
 * so does a pod's traffic to itself. An end that is not a pod is not isolated.
 */
public final class PolicySnapshot {
    /** No policies: everything is allowed. */
    public static final PolicySnapshot EMPTY = build(PolicyInputs.EMPTY);

    private final Selection selection;
    private final Map<InetAddress, PodGuards> byIp;
    private final Set<InetAddress> nodes;

    private record PodGuards(Pod pod, Guard ingress, Guard egress) {}

    private PolicySnapshot(Selection selection) {
        this.selection = selection;
        this.nodes = selection.nodeAddresses();
        Map<PolicyRef, Map<Direction, CompiledRule[]>> compiled = new HashMap<>();
        for (NetworkPolicy p : selection.policies()) {
            Map<Direction, CompiledRule[]> perDir = new java.util.EnumMap<>(Direction.class);
            for (Direction d : p.types()) {
                List<Rule> rules = p.rules(d);
                CompiledRule[] out = new CompiledRule[rules.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = new CompiledRule(rules.get(i), selection.selectorPeers(p, d, i));
                }
                perDir.put(d, out);
            }
            compiled.put(p.ref(), perDir);
        }
        Map<InetAddress, PodGuards> map = new HashMap<>();
        for (Pod pod : selection.pods()) {
            PodGuards g = new PodGuards(pod, guard(pod, Direction.INGRESS, compiled), guard(pod, Direction.EGRESS, compiled));
            pod.ips().forEach(ip -> map.put(ip, g));
        }
        byIp = Map.copyOf(map);
    }

    private Guard guard(Pod pod, Direction d, Map<PolicyRef, Map<Direction, CompiledRule[]>> compiled) {
        List<NetworkPolicy> policies = selection.isolating(pod, d);
        if (policies.isEmpty()) {
            return null;
        }
        List<PolicyRef> refs = policies.stream().map(NetworkPolicy::ref).toList();
        List<CompiledRule> rules = new ArrayList<>();
        List<Decision> allowed = new ArrayList<>();
        for (NetworkPolicy p : policies) {
            Decision byThis = new Decision(Decision.Outcome.ALLOWED, p.ref(), refs);
            for (CompiledRule r : compiled.get(p.ref()).get(d)) {
                rules.add(r);
                allowed.add(byThis);
            }
        }
        return new Guard(rules.toArray(CompiledRule[]::new), allowed.toArray(Decision[]::new),
                new Decision(Decision.Outcome.DENIED, null, refs));
    }

    /** Builds a snapshot; throws {@link IllegalArgumentException} for inconsistent inputs (a policy given twice). */
    public static PolicySnapshot build(PolicyInputs inputs) {
        return new PolicySnapshot(Selection.of(inputs));
    }

    /** The selector evaluation this snapshot was built from (what the nftables compiler reads). */
    public Selection selection() {
        return selection;
    }

    /** The verdict on a new connection (or UDP flow) from {@code src} to {@code dst}:{@code dstPort}/{@code protocol}. */
    public Verdict check(InetAddress src, InetAddress dst, int dstPort, Protocol protocol) {
        PodGuards from = byIp.get(src);
        PodGuards to = byIp.get(dst);
        if (from != null && from == to) {
            return Verdict.SAME_POD;
        }
        Pod dstPod = to == null ? null : to.pod;
        Decision egress;
        if (from == null || from.egress == null) {
            egress = Decision.NOT_ISOLATED;
        } else if (nodes.contains(dst)) {
            egress = nodeDecision(from.egress);
        } else {
            egress = from.egress.evaluate(dst, dstPort, protocol, dstPod);
        }
        Decision ingress;
        if (to == null || to.ingress == null) {
            ingress = Decision.NOT_ISOLATED;
        } else if (nodes.contains(src)) {
            ingress = nodeDecision(to.ingress);
        } else {
            ingress = to.ingress.evaluate(src, dstPort, protocol, dstPod);
        }
        return new Verdict(egress, ingress);
    }

    private static Decision nodeDecision(Guard g) {
        return g.node();
    }

    /** The policies that isolate the pod at {@code ip} in {@code direction} (for {@code strait status}). */
    public List<PolicyRef> isolating(InetAddress ip, Direction direction) {
        Pod pod = selection.podAt(ip);
        return pod == null ? List.of() : selection.isolating(pod, direction).stream().map(NetworkPolicy::ref).toList();
    }
}
