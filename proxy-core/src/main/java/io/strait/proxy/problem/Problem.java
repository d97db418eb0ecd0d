package io.strait.proxy.problem;

import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Something Strait could not do, said so a user can act on it: where it was written (a manifest
 * file and document, when there is one), the object (kind and namespace/name, e.g.
 * {@code Service default/web}), the field to blame, and the message. Everything but the message
 * may be null. Renders as {@code source: object: field: message}, leaving out what is null.
 *
 * @param source  the file, e.g. {@code services/web.yaml (document 2)}, or null
 * @param object  kind and namespace/name, or null when the problem is not about one object
 * @param field   the field path, e.g. {@code spec.ports[0].port}, or null
 * @param message what is wrong and what happens meanwhile
 */
public record Problem(String source, String object, String field, String message) {
    public Problem {
        Objects.requireNonNull(message, "message");
    }

    /** A problem about one object and field. */
    public static Problem of(String object, String field, String message) {
        return new Problem(null, object, field, message);
    }

    /** A problem that is only a message (it names what it is about itself). */
    public static Problem of(String message) {
        return new Problem(null, null, null, message);
    }

    /** Messages as problems. */
    public static List<Problem> all(List<String> messages) {
        return messages.stream().map(Problem::of).toList();
    }

    /** This problem, said to come from source (unchanged when source is null or one is already set). */
    public Problem at(String where) {
        return where == null || source != null ? this : new Problem(where, object, field, message);
    }

    /** This problem with more said after the message. */
    public Problem then(String more) {
        return new Problem(source, object, field, message + more);
    }

    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(": ");
        for (String part : new String[] {source, object, field, message}) {
            if (part != null) {
                out.add(part);
            }
        }
        return out.toString();
    }
}
