package io.strait.proxy.model;

/** Transport protocol of a Service port, as Kubernetes spells it. */
public enum Protocol {
    TCP,
    UDP,
    SCTP;

    /** Parses a Kubernetes protocol value; null or empty means TCP (the API default). */
    public static Protocol parse(String value) {
        if (value == null || value.isEmpty()) {
            return TCP;
        }
        return switch (value) {
            case "TCP" -> TCP;
            case "UDP" -> UDP;
            case "SCTP" -> SCTP;
            default -> throw new IllegalArgumentException(
                    "unknown protocol \"" + value + "\" (allowed: TCP, UDP, SCTP)");
        };
    }
}
