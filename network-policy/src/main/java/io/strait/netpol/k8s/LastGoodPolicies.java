package io.strait.netpol.k8s;

import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.PolicyRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies in force across updates. {@link #update} takes every NetworkPolicy object that
 * exists now: a valid one replaces its previous version, a malformed one keeps its last good
 * version in force (and is reported), a deleted one is dropped. A policy that was malformed from
 * the start is not enforced at all (there is nothing good to keep) and is reported. Not
 * thread-safe: one control thread owns it.
 */
public final class LastGoodPolicies {
    private final Map<PolicyRef, NetworkPolicy> lastGood = new HashMap<>();

    /** What is in force after an update, and what was wrong with it. */
    public record Result(List<NetworkPolicy> inForce, List<PolicyProblem> problems, List<PolicyRef> stale) {
        public Result {
            inForce = List.copyOf(inForce);
            problems = List.copyOf(problems);
            stale = List.copyOf(stale);
        }
    }

    public Result update(Collection<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy> objects) {
        Map<PolicyRef, NetworkPolicy> next = new HashMap<>();
        List<PolicyProblem> problems = new ArrayList<>();
        List<PolicyRef> stale = new ArrayList<>();
        for (var o : objects) {
            String ns = o.getMetadata().getNamespace() == null ? "default" : o.getMetadata().getNamespace();
            PolicyRef ref = new PolicyRef(ns, o.getMetadata().getName());
            try {
                next.put(ref, PolicyTranslator.translate(o));
            } catch (PolicyProblem.Invalid e) {
                problems.add(e.problem());
                NetworkPolicy old = lastGood.get(ref);
                if (old != null) {
                    next.put(ref, old);
                    stale.add(ref);
                }
            }
        }
        lastGood.clear();
        lastGood.putAll(next);
        return new Result(next.values().stream().sorted(java.util.Comparator.comparing(NetworkPolicy::ref)).toList(),
                problems, stale.stream().sorted().toList());
    }
}
