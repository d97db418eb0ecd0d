package io.strait.proxy.dataplane;

import java.time.Duration;
import java.util.Objects;

/**
 * Dataplane settings.
 *
 * @param transport          the Netty transport
 * @param threads            event-loop threads (0 = number of cores)
 * @param connectTimeoutMillis backend connect timeout
 * @param maxConnectAttempts endpoints tried per connection before the client gets a RST
 * @param udpIdleTimeout     idle time after which a UDP flow is forgotten (conntrack's 30 s)
 */
public record DataplaneConfig(Transport transport, int threads, int connectTimeoutMillis,
                              int maxConnectAttempts, Duration udpIdleTimeout) {
    public DataplaneConfig {
        Objects.requireNonNull(transport, "transport");
        if (threads < 0 || connectTimeoutMillis < 1 || maxConnectAttempts < 1) {
            throw new IllegalArgumentException("threads >= 0, connectTimeoutMillis >= 1, maxConnectAttempts >= 1");
        }
        Objects.requireNonNull(udpIdleTimeout, "udpIdleTimeout");
    }

    /** The defaults: best transport, one thread per core, 3 s connect timeout, 3 attempts, 30 s UDP idle. */
    public static DataplaneConfig defaults() {
        return new DataplaneConfig(Transport.best(), 0, 3000, 3, Duration.ofSeconds(30));
    }

    public DataplaneConfig withTransport(Transport t) {
        return new DataplaneConfig(t, threads, connectTimeoutMillis, maxConnectAttempts, udpIdleTimeout);
    }

    public DataplaneConfig withUdpIdleTimeout(Duration d) {
        return new DataplaneConfig(transport, threads, connectTimeoutMillis, maxConnectAttempts, d);
    }
}
