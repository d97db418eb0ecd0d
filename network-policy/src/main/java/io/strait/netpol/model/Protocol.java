package io.strait.netpol.model;

/** The protocols a NetworkPolicy port may name; TCP is the API's default. */
public enum Protocol {
    TCP, UDP, SCTP;

    /** The name nftables uses ({@code meta l4proto tcp}). */
    public String nftName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
