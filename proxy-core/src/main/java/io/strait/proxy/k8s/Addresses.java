package io.strait.proxy.k8s;

import java.net.InetAddress;

/** IP literal parsing that never resolves names. */
final class Addresses {
    private Addresses() {}

    /** Parses an IPv4 or IPv6 literal; throws InvalidObjectException naming the field otherwise. */
    static InetAddress literal(String object, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidObjectException(object, field, "missing IP address");
        }
        try {
            return io.strait.proxy.model.Cidr.parseIp(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException(object, field, "not an IP address: \"" + value + "\"");
        }
    }

    static void checkPort(String object, String field, Integer port, boolean allowZero) {
        if (port == null) {
            throw new InvalidObjectException(object, field, "missing port");
        }
        int min = allowZero ? 0 : 1;
        if (port < min || port > 65535) {
            throw new InvalidObjectException(object, field,
                    "must be between " + min + " and 65535 (got " + port + ")");
        }
    }
}
