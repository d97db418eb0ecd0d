package io.strait.proxy.dataplane;

import java.time.Duration;
import java.util.Objects;

/**
 * Dataplane settings.
 *
 * @param transport            the Netty transport
 * @param threads              event-loop threads (0 = number of cores)
 * @param connectTimeoutMillis backend connect timeout
 * @param maxConnectAttempts   endpoints tried per connection before the client gets a RST
 * @param udpIdleTimeout       idle time after which a UDP flow is forgotten (conntrack's 30 s)
 * @param tcpIdleTimeout       idle time after which a TCP connection is closed (kube-proxy's
 *                             conntrack-tcp-timeout-established, 24 h)
 * @param maxFlows             most TCP connections plus UDP flows at once (the flow table's bound);
 *                             beyond it new connections get a RST and new flows are dropped
 * @param drainGracePeriod     how long established TCP connections of a deleted frontend keep running
 * @param healthBackoff        first back-off of an endpoint whose connects keep failing (doubles up
 *                             to 12 times this)
 * @param splice               relay by splice(2) where the transport allows (epoll; see {@link #spliceActive()})
 * @param maxUdpFlows          most UDP flows at once (each holds a socket to its endpoint), within
 *                             {@code maxFlows}; beyond it datagrams of new flows are dropped and
 *                             counted, so UDP sources alone cannot take every descriptor or the table
 */
public record DataplaneConfig(Transport transport, int threads, int connectTimeoutMillis,
                              int maxConnectAttempts, Duration udpIdleTimeout, Duration tcpIdleTimeout,
                              int maxFlows, Duration drainGracePeriod, Duration healthBackoff, boolean splice,
                              int maxUdpFlows) {
    /** The default bound of the flow table. */
    public static final int DEFAULT_MAX_FLOWS = 262_144;
    /** The default bound of UDP flows (each costs a descriptor and about 5 KiB, issue 13 finding 5). */
    public static final int DEFAULT_MAX_UDP_FLOWS = 65_536;

    public DataplaneConfig {
        Objects.requireNonNull(transport, "transport");
        if (threads < 0 || connectTimeoutMillis < 1 || maxConnectAttempts < 1) {
            throw new IllegalArgumentException("threads >= 0, connectTimeoutMillis >= 1, maxConnectAttempts >= 1");
        }
        positive("udpIdleTimeout", udpIdleTimeout);
        positive("tcpIdleTimeout", tcpIdleTimeout);
        positive("healthBackoff", healthBackoff);
        Objects.requireNonNull(drainGracePeriod, "drainGracePeriod");
        if (drainGracePeriod.isNegative()) {
            throw new IllegalArgumentException("drainGracePeriod must not be negative, got " + drainGracePeriod);
        }
        if (maxFlows < 1 || maxFlows > io.strait.nat.FlowTable.MAX_ENTRIES_LIMIT) {
            throw new IllegalArgumentException("maxFlows must be in [1, " + io.strait.nat.FlowTable.MAX_ENTRIES_LIMIT
                    + "], got " + maxFlows);
        }
        if (maxUdpFlows < 1) {
            throw new IllegalArgumentException("maxUdpFlows must be at least 1, got " + maxUdpFlows);
        }
    }

    /** Every setting but the UDP flow bound, which is then the default (at most {@code maxFlows}). */
    public DataplaneConfig(Transport transport, int threads, int connectTimeoutMillis, int maxConnectAttempts,
                           Duration udpIdleTimeout, Duration tcpIdleTimeout, int maxFlows, Duration drainGracePeriod,
                           Duration healthBackoff, boolean splice) {
        this(transport, threads, connectTimeoutMillis, maxConnectAttempts, udpIdleTimeout, tcpIdleTimeout, maxFlows,
                drainGracePeriod, healthBackoff, splice, Math.min(maxFlows, DEFAULT_MAX_UDP_FLOWS));
    }

    /** The settings before the flow table existed; the rest at their defaults. */
    public DataplaneConfig(Transport transport, int threads, int connectTimeoutMillis, int maxConnectAttempts,
                           Duration udpIdleTimeout) {
        this(transport, threads, connectTimeoutMillis, maxConnectAttempts, udpIdleTimeout, Duration.ofHours(24),
                DEFAULT_MAX_FLOWS, Duration.ofSeconds(30), Duration.ofSeconds(5), false, DEFAULT_MAX_UDP_FLOWS);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /** The defaults: best transport, one thread per core, 3 s connect timeout, 3 attempts, 30 s UDP idle. */
    public static DataplaneConfig defaults() {
        return new DataplaneConfig(Transport.best(), 0, 3000, 3, Duration.ofSeconds(30));
    }

    public DataplaneConfig withTransport(Transport t) {
        return new DataplaneConfig(t, threads, connectTimeoutMillis, maxConnectAttempts, udpIdleTimeout,
                tcpIdleTimeout, maxFlows, drainGracePeriod, healthBackoff, splice, maxUdpFlows);
    }

    public DataplaneConfig withUdpIdleTimeout(Duration d) {
        return new DataplaneConfig(transport, threads, connectTimeoutMillis, maxConnectAttempts, d,
                tcpIdleTimeout, maxFlows, drainGracePeriod, healthBackoff, splice, maxUdpFlows);
    }

    public DataplaneConfig withTcpIdleTimeout(Duration d) {
        return new DataplaneConfig(transport, threads, connectTimeoutMillis, maxConnectAttempts, udpIdleTimeout,
                d, maxFlows, drainGracePeriod, healthBackoff, splice, maxUdpFlows);
    }

    public DataplaneConfig withMaxFlows(int n) {
        return new DataplaneConfig(transport, threads, connectTimeoutMillis, maxConnectAttempts, udpIdleTimeout,
                tcpIdleTimeout, n, drainGracePeriod, healthBackoff, splice, maxUdpFlows);
    }

    public DataplaneConfig withDrainGracePeriod(Duration d) {
        return new DataplaneConfig(transport, threads, connectTimeoutMillis, maxConnectAttempts, udpIdleTimeout,
                tcpIdleTimeout, maxFlows, d, healthBackoff, splice, maxUdpFlows);
    }

    public DataplaneConfig withHealthBackoff(Duration d) {
        return new DataplaneConfig(transport, threads, connectTimeoutMillis, maxConnectAttempts, udpIdleTimeout,
                tcpIdleTimeout, maxFlows, drainGracePeriod, d, splice, maxUdpFlows);
    }

    public DataplaneConfig withMaxUdpFlows(int n) {
        return new DataplaneConfig(transport, threads, connectTimeoutMillis, maxConnectAttempts, udpIdleTimeout,
                tcpIdleTimeout, maxFlows, drainGracePeriod, healthBackoff, splice, n);
    }

    public DataplaneConfig withSplice(boolean on) {
        return new DataplaneConfig(transport, threads, connectTimeoutMillis, maxConnectAttempts, udpIdleTimeout,
                tcpIdleTimeout, maxFlows, drainGracePeriod, healthBackoff, on, maxUdpFlows);
    }

    /**
     * True when relaying splices: {@code splice} was asked for, the transport is epoll and splice(2)
     * works in this JVM (FFM native access). See {@link SplicePipe}; io_uring and NIO always copy
     * (Netty's io_uring transport splices only file regions, not socket to socket).
     */
    boolean spliceActive() {
        return splice && transport == Transport.EPOLL && SplicePipe.available();
    }

    /** Why {@code splice} was asked for but is not active, or null. */
    String spliceInactiveReason() {
        if (!splice || spliceActive()) {
            return null;
        }
        if (transport != Transport.EPOLL) {
            return "the " + transport.wireName() + " transport has no socket-to-socket splice (only epoll does)";
        }
        return "splice(2) through FFM is unavailable: " + SplicePipe.unavailabilityCause();
    }
}
