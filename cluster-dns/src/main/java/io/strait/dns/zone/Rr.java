package io.strait.dns.zone;

/**
 * One resource record of class IN.
 *
 * @param name lower-case absolute name without the trailing dot ("web.shop.svc.cluster.local")
 */
public record Rr(String name, long ttl, Rdata data) {
    public RrType type() {
        return data.type();
    }

    /** Zone-file presentation form, as dig prints and unbound's local-data reads it. */
    @Override
    public String toString() {
        return name + ". " + ttl + " IN " + type() + " " + data;
    }
}
