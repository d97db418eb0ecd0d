package io.strait.proxy.k8s;

/**
 * A Kubernetes object that cannot be used, with the object and the field to blame. The message
 * reads {@code Service default/web: spec.ports[0].port: must be between 1 and 65535 (got 0)}.
 */
public final class InvalidObjectException extends RuntimeException {
    private final String object;
    private final String field;
    private final String problem;

    public InvalidObjectException(String object, String field, String problem) {
        super(object + ": " + field + ": " + problem);
        this.object = object;
        this.field = field;
        this.problem = problem;
    }

    /** What is wrong with the field, without the object and field. */
    public String problem() {
        return problem;
    }

    /** Kind and namespace/name, e.g. {@code Service default/web}. */
    public String object() {
        return object;
    }

    /** The field path, e.g. {@code spec.ports[0].port}. */
    public String field() {
        return field;
    }
}
