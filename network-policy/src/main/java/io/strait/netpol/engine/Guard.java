package io.strait.netpol.engine;

import io.strait.netpol.model.Pod;
import io.strait.netpol.model.Protocol;
import java.net.InetAddress;

/**
 * One pod's isolation in one direction: the rules of every policy that selects it (the union),
 * flattened, each with the precomputed {@link Decision} naming its policy, and the decision for
 * "nothing allowed it". Immutable.
 */
final class Guard {
    private final CompiledRule[] rules;
    private final Decision[] allowedBy;
    private final Decision denied;
    private final Decision node;

    Guard(CompiledRule[] rules, Decision[] allowedBy, Decision denied) {
        this.rules = rules;
        this.allowedBy = allowedBy;
        this.denied = denied;
        this.node = new Decision(Decision.Outcome.NODE, null, denied.isolatedBy());
    }

    /** The decision for traffic between the pod and a node address (always allowed, isolation still named). */
    Decision node() {
        return node;
    }

    /** The first allowing rule's decision (rules are in policy order), else {@link #denied}. */
    Decision evaluate(InetAddress peer, int port, Protocol protocol, Pod destination) {
        for (int i = 0; i < rules.length; i++) {
            CompiledRule r = rules[i];
            if (r.portMatches(port, protocol, destination) && r.peerMatches(peer)) {
                return allowedBy[i];
            }
        }
        return denied;
    }
}
