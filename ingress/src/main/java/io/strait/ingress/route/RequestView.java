package io.strait.ingress.route;

/** What route matching reads of a request. Implementations adapt the server's request type. */
public interface RequestView {
    /** The lower-cased host without port (from {@code Host}, or {@code :authority}); "" when absent. */
    String host();

    /** The method, upper-case as sent. */
    String method();

    /** The path without the query string. */
    String path();

    /** The query string without '?', or "" when none. */
    String rawQuery();

    /** The first value of this header (name compared case-insensitively), or null. */
    String header(String name);

    /** The first value of this query parameter (name compared exactly), or null. */
    String queryParam(String name);
}
