package io.strait.ingress.server;

import io.strait.ingress.route.ObjectRef;

/**
 * Where the router's per-route request measures go (the daemon records them into Prometheus:
 * requests by code, a latency histogram, upstream time). Labels stay bounded: the route object,
 * never a client or endpoint address. Called on event loops once per request: implementations must
 * not block or lock (a concurrent map lookup of a cached recorder is fine).
 */
@FunctionalInterface
public interface RouteMetrics {
    /** Records nothing. */
    RouteMetrics NONE = route -> (status, totalNanos, upstreamNanos) -> { };

    /** The recorder of one route object (Ingress or HTTPRoute), or of unmatched requests when {@code route} is null. */
    Recorder recorder(ObjectRef route);

    /** One route's measures. */
    @FunctionalInterface
    interface Recorder {
        /**
         * One finished request.
         *
         * @param status        the status the client got (the backend's, or the router's own)
         * @param totalNanos    from the request's headers arriving to its response ending
         * @param upstreamNanos from the request being sent to the backend to its response headers,
         *                      or -1 when no backend answered
         */
        void request(int status, long totalNanos, long upstreamNanos);
    }
}
