package io.strait.netpol.engine;

import io.strait.netpol.model.PolicyRef;
import java.util.List;

/**
 * The answer for one direction of a connection (the source pod's egress, or the destination pod's
 * ingress).
 *
 * @param outcome    what decided it
 * @param allowedBy  the first policy (by namespace/name) whose rule allowed it, for {@code ALLOWED}
 * @param isolatedBy the policies that select the pod in this direction (empty unless isolated)
 */
public record Decision(Outcome outcome, PolicyRef allowedBy, List<PolicyRef> isolatedBy) {
    /** Why a direction passed or not. */
    public enum Outcome {
        /** That end is not a pod, or no policy isolates it in this direction. */
        NOT_ISOLATED,
        /** The other end is a trusted node address: always allowed. */
        NODE,
        /** A pod talking to itself: a pod cannot block access to itself. */
        SAME_POD,
        /** Isolated, and a rule of {@link #allowedBy} allowed it. */
        ALLOWED,
        /** Isolated, and no rule of the isolating policies allowed it. */
        DENIED
    }

    static final Decision NOT_ISOLATED = new Decision(Outcome.NOT_ISOLATED, null, List.of());
    static final Decision SAME_POD = new Decision(Outcome.SAME_POD, null, List.of());

    public Decision {
        isolatedBy = List.copyOf(isolatedBy);
    }

    public boolean allows() {
        return outcome != Outcome.DENIED;
    }
}
