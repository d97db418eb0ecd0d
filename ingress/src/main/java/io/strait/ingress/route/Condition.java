package io.strait.ingress.route;

import java.util.Objects;

/**
 * A status condition as the Gateway API defines them ({@code type}, {@code status},
 * {@code reason}, {@code message}), computed as data; writing it to the API is the caller's job.
 */
public record Condition(String type, boolean status, String reason, String message) {
    public static final String ACCEPTED = "Accepted";
    public static final String RESOLVED_REFS = "ResolvedRefs";
    public static final String PROGRAMMED = "Programmed";

    public Condition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        message = message == null ? "" : message;
    }

    public static Condition isTrue(String type, String reason) {
        return new Condition(type, true, reason, "");
    }

    public static Condition isFalse(String type, String reason, String message) {
        return new Condition(type, false, reason, message);
    }
}
