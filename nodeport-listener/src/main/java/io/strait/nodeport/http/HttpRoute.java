package io.strait.nodeport.http;

import java.util.Map;
import java.util.function.Function;

/**
 * What a path answers.
 *
 * @param inline    true when the answer is cheap and made on the event loop (health probes); false
 *                  when it runs on the server's bounded worker (a metrics scrape, an inspection
 *                  document), so a slow one never delays a probe
 * @param anyMethod true to answer every method alike (kube-proxy's health-check node ports do);
 *                  false for GET and HEAD only (405 otherwise)
 * @param handler   the request to the answer
 */
public record HttpRoute(boolean inline, boolean anyMethod, Function<Request, Answer> handler) {
    /** Answered on the event loop, GET and HEAD only. */
    public static HttpRoute inline(Function<Request, Answer> handler) {
        return new HttpRoute(true, false, handler);
    }

    /** Answered on the worker, GET and HEAD only. */
    public static HttpRoute offloaded(Function<Request, Answer> handler) {
        return new HttpRoute(false, false, handler);
    }

    /** @param query the raw query string, or null; @param accept the Accept header, or null */
    public record Request(String query, String accept) {}

    /** @param headers extra response headers */
    public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Answer(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }
    }
}
