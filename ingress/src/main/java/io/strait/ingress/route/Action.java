package io.strait.ingress.route;

import java.util.List;

/** What a matched rule does with the request. */
public sealed interface Action {

    /** Forward to one of the backends, chosen by weight, after modifying the request headers. */
    record Forward(List<BackendTarget> backends, HeaderEdits headerEdits) implements Action {
        public Forward {
            backends = List.copyOf(backends);
            headerEdits = headerEdits == null ? HeaderEdits.NONE : headerEdits;
        }

        /** The sum of the weights. */
        public int totalWeight() {
            int sum = 0;
            for (BackendTarget b : backends) {
                sum += b.weight();
            }
            return sum;
        }

        /** The backend for a draw in [0, totalWeight()): weighted choice without state. */
        public BackendTarget choose(int draw) {
            int acc = 0;
            for (BackendTarget b : backends) {
                acc += b.weight();
                if (draw < acc) {
                    return b;
                }
            }
            throw new IllegalArgumentException("draw " + draw + " is outside 0.." + (acc - 1));
        }
    }

    /**
     * Answer with a redirect. Null fields keep the request's value.
     *
     * @param port       0 keeps the request's port, or the scheme's default when the scheme changes
     * @param statusCode 301 or 302
     * @param fullPath   the replacement path, or null
     * @param prefix     the prefix to replace (the match's), and {@code prefixReplacement} its replacement; or null
     */
    record Redirect(String scheme, String hostname, int port, int statusCode, String fullPath,
                    String prefix, String prefixReplacement) implements Action {}
}
