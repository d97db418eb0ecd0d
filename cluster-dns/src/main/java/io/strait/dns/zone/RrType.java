package io.strait.dns.zone;

/** The record types the cluster zone holds, with their RFC 1035 / 2782 / 3596 type codes. */
public enum RrType {
    A(1),
    CNAME(5),
    SOA(6),
    PTR(12),
    TXT(16),
    AAAA(28),
    SRV(33);

    private final int code;

    RrType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this code, or null when the zone holds no records of it. */
    public static RrType of(int code) {
        for (RrType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
