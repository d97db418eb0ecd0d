package io.strait.netpol.k8s;

/**
 * A reason an object cannot be used, naming it and the field:
 * {@code NetworkPolicy x/web: spec.ingress[0].from[1].ipBlock.cidr: "10.0.0/8" is not a CIDR}.
 *
 * @param kind   {@code NetworkPolicy}, {@code Pod} or {@code Namespace}
 * @param object {@code namespace/name} (or the name of a cluster-scoped object)
 * @param field  the JSON path in the object
 */
public record PolicyProblem(String kind, String object, String field, String message) {
    @Override
    public String toString() {
        return kind + " " + object + ": " + field + ": " + message;
    }

    /** The unchecked exception a translator throws with one problem. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient PolicyProblem problem;

        Invalid(PolicyProblem problem) {
            super(problem.toString());
            this.problem = problem;
        }

        public PolicyProblem problem() {
            return problem;
        }
    }
}
