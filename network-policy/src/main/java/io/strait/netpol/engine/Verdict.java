package io.strait.netpol.engine;

/**
 * The verdict on one connection: allowed when the source pod's egress and the destination pod's
 * ingress both allow it. Per-policy metrics count {@code egress().allowedBy()} /
 * {@code ingress().allowedBy()} on allow and every {@code isolatedBy()} of a denying direction on deny.
 */
public record Verdict(Decision egress, Decision ingress) {
    static final Verdict SAME_POD = new Verdict(Decision.SAME_POD, Decision.SAME_POD);

    public boolean allowed() {
        return egress.allows() && ingress.allows();
    }
}
