package io.strait.daemon.http;

import java.util.function.Function;

/**
 * What one exact path answers to a GET or HEAD.
 *
 * @param inline  true when the answer is cheap and made on the event loop (health probes); false
 *                when it runs on the bounded worker (a metrics scrape, an inspection document),
 *                so a slow one never delays a probe
 * @param handler the request (query string, headers) to the answer
 */
record HttpRoute(boolean inline, Function<HttpRoute.Request, HttpRoute.Answer> handler) {
    /** @param query the raw query string, or null; @param accept the Accept header, or null */
    record Request(String query, String accept) {}

    record Answer(int status, String contentType, byte[] body) {}
}
