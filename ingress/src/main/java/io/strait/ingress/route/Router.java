package io.strait.ingress.route;

/** Chooses the rule a request takes on one entry point. Implementations are immutable. */
public interface Router {
    /** The rule, or null when none matches (404). */
    RouteRule route(RequestView request);
}
