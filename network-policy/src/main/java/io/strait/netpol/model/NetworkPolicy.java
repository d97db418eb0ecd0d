package io.strait.netpol.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code networking.k8s.io/v1 NetworkPolicy} with its defaults applied. {@code types} is never
 * empty: {@link #of} fills it as the API server does when {@code spec.policyTypes} is unset
 * (Ingress always, Egress when {@code spec.egress} has a rule). Rules of a direction the policy
 * does not name are kept but never used.
 */
public record NetworkPolicy(PolicyRef ref, LabelSelector podSelector, Set<Direction> types,
        List<Rule> ingress, List<Rule> egress) {
    public NetworkPolicy {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(podSelector, "podSelector");
        if (types.isEmpty()) {
            throw new IllegalArgumentException("policy types are defaulted by NetworkPolicy.of; none given");
        }
        types = java.util.Collections.unmodifiableSet(EnumSet.copyOf(types));
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
    }

    /** Applies the {@code policyTypes} default when {@code declaredTypes} is empty. */
    public static NetworkPolicy of(String namespace, String name, LabelSelector podSelector,
            Set<Direction> declaredTypes, List<Rule> ingress, List<Rule> egress) {
        Set<Direction> types = EnumSet.noneOf(Direction.class);
        types.addAll(declaredTypes);
        if (types.isEmpty()) {
            types.add(Direction.INGRESS);
            if (!egress.isEmpty()) {
                types.add(Direction.EGRESS);
            }
        }
        return new NetworkPolicy(new PolicyRef(namespace, name), podSelector, types, ingress, egress);
    }

    public String namespace() {
        return ref.namespace();
    }

    /** Whether this policy isolates {@code pod} in {@code direction}. */
    public boolean isolates(Pod pod, Direction direction) {
        return types.contains(direction) && pod.namespace().equals(ref.namespace())
                && podSelector.matches(pod.labels());
    }

    /** The rules that apply in a direction (none when the policy does not have that type). */
    public List<Rule> rules(Direction direction) {
        if (!types.contains(direction)) {
            return List.of();
        }
        return direction == Direction.INGRESS ? ingress : egress;
    }
}
