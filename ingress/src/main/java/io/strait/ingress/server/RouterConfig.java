package io.strait.ingress.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Router limits and timeouts.
 *
 * @param connectTimeout     per backend connect attempt
 * @param responseTimeout    from the request being sent to the backend's response headers (504 after)
 * @param clientIdleTimeout  a client connection idle this long between requests is closed
 * @param backendIdleTimeout a pooled backend connection idle this long is closed
 * @param maxInitialLine     request line limit (414 beyond)
 * @param maxHeaderBytes     request header block limit (431 beyond)
 * @param connectAttempts    endpoints tried before 502 (each a different endpoint while untried ones remain)
 * @param maxIdlePerEndpoint idle pooled connections kept per endpoint and event loop
 */
public record RouterConfig(Duration connectTimeout, Duration responseTimeout, Duration clientIdleTimeout,
                           Duration backendIdleTimeout, int maxInitialLine, int maxHeaderBytes, int connectAttempts,
                           int maxIdlePerEndpoint) {
    public static final RouterConfig DEFAULTS = new RouterConfig(Duration.ofSeconds(2), Duration.ofSeconds(60),
            Duration.ofSeconds(60), Duration.ofSeconds(30), 8192, 16384, 3, 64);

    public RouterConfig {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(clientIdleTimeout, "clientIdleTimeout");
        Objects.requireNonNull(backendIdleTimeout, "backendIdleTimeout");
        if (connectAttempts < 1) {
            throw new IllegalArgumentException("connectAttempts must be at least 1, got " + connectAttempts);
        }
    }

    public RouterConfig withResponseTimeout(Duration d) {
        return new RouterConfig(connectTimeout, d, clientIdleTimeout, backendIdleTimeout, maxInitialLine,
                maxHeaderBytes, connectAttempts, maxIdlePerEndpoint);
    }
}
