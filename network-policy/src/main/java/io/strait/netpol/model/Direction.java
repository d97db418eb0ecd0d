package io.strait.netpol.model;

/** A policy type: {@code Ingress} isolates the selected pods' incoming traffic, {@code Egress} their outgoing. */
public enum Direction {
    INGRESS("Ingress"), EGRESS("Egress");

    private final String apiName;

    Direction(String apiName) {
        this.apiName = apiName;
    }

    /** The spelling in {@code spec.policyTypes}. */
    public String apiName() {
        return apiName;
    }
}
