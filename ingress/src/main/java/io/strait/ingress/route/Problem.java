package io.strait.ingress.route;

import java.util.Objects;

/** An invalid field of an object: reported, and the object's last good version keeps serving. */
public record Problem(ObjectRef object, String field, String message) {
    public Problem {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return object + ": " + field + ": " + message;
    }
}
