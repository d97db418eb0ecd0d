package io.strait.proxy.plan;

import java.util.Locale;

/**
 * Whether a route's backend connections start with a PROXY protocol header carrying the real
 * client address (HAProxy's proxy-protocol.txt: version 1 is text, version 2 binary). Chosen per
 * Service by the {@link #ANNOTATION} annotation; TCP only.
 */
public enum ProxyProtocol {
    NONE,
    V1,
    V2;

    /** Per-Service choice: {@code v1} or {@code v2}. */
    public static final String ANNOTATION = "strait.io/proxy-protocol";

    /** Parses the annotation value ({@code v1}, {@code v2}, case-insensitive); throws naming the allowed values. */
    public static ProxyProtocol parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "v1", "1" -> V1;
            case "v2", "2" -> V2;
            default -> throw new IllegalArgumentException(
                    "unknown PROXY protocol version \"" + value + "\" (allowed: v1, v2)");
        };
    }
}
