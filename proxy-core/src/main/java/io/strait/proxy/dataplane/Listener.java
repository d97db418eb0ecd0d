package io.strait.proxy.dataplane;

import io.strait.proxy.plan.Frontend;

/** A frontend socket and its current route. The route is swapped without closing the socket. */
interface Listener extends AutoCloseable {
    Frontend frontend();

    Route route();

    /** Publishes a new route; connections and flows already established keep their endpoint. */
    void update(Route route);

    /** Stops listening. Established TCP connections are not cut. */
    @Override
    void close();
}
