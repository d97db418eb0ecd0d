package io.strait.netpol.model;

import java.util.List;

/**
 * One ingress or egress rule: traffic matches when it comes from (goes to) one of {@code peers}
 * on one of {@code ports}. An empty list means "every peer" / "every port", as an absent or empty
 * {@code from}/{@code to}/{@code ports} does in the API.
 */
public record Rule(List<Peer> peers, List<PolicyPort> ports) {
    public Rule {
        peers = List.copyOf(peers);
        ports = List.copyOf(ports);
    }

    /** {@code {}}: everything. */
    public static final Rule ALL = new Rule(List.of(), List.of());
}
