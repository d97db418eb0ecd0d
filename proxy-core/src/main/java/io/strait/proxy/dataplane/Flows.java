package io.strait.proxy.dataplane;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.strait.nat.Flow;
import io.strait.nat.FlowKey;
import io.strait.nat.FlowTable;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataplane's flow table (nat-table) and its one housekeeping task. Every proxied TCP
 * connection and UDP flow is a {@link Flow} whose attachment is its {@link FlowOwner}. The table is
 * the one source of truth for idle expiry: a single periodic task on one event loop advances the
 * table's timing wheel and tells each expired owner to close (on the owner's own event loop). The
 * table's default timeout is the shorter of the TCP and UDP idle timeouts; each flow sets its own
 * with {@code touch(timeout)} when inserted. Drain deadlines of deleted frontends are one-shot
 * tasks on the same loop, so the number of timers does not grow with the number of frontends.
 *
 * <p>Thread-safe: the table is lock-free; the housekeeping runs on one event loop.
 */
final class Flows implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Flows.class);

    final FlowTable<InetSocketAddress> table;
    final EndpointHealth health;
    final Drains drains;
    /** Repeated I/O problems of the dataplane (descriptor exhaustion above all), one line per interval. */
    final RateLimitedLog problems = new RateLimitedLog(LoggerFactory.getLogger(Dataplane.class),
            TimeUnit.SECONDS.toNanos(10), System::nanoTime);
    final long tcpIdleNanos;
    final long udpIdleNanos;
    /** UDP flows open now, bounded by {@code maxUdpFlows} (checked before a flow is opened). */
    final java.util.concurrent.atomic.AtomicInteger udpFlows = new java.util.concurrent.atomic.AtomicInteger();
    final int maxUdpFlows;
    private final EventLoop housekeeper;
    private final ScheduledFuture<?> expiry;

    Flows(DataplaneConfig config, EventLoop housekeeper) {
        this.tcpIdleNanos = config.tcpIdleTimeout().toNanos();
        this.udpIdleNanos = config.udpIdleTimeout().toNanos();
        this.maxUdpFlows = config.maxUdpFlows();
        this.table = new FlowTable<>(config.maxFlows(), Math.min(tcpIdleNanos, udpIdleNanos), System::nanoTime);
        this.health = new EndpointHealth(config.healthBackoff().toNanos(), System::nanoTime);
        this.drains = new Drains(config.drainGracePeriod().toNanos(),
                TimeUnit.MILLISECONDS.toNanos((long) config.connectTimeoutMillis() * config.maxConnectAttempts() + 1000),
                System::nanoTime);
        this.housekeeper = housekeeper;
        long period = Math.clamp(table.expiryResolutionNanos(), TimeUnit.MILLISECONDS.toNanos(10),
                TimeUnit.MILLISECONDS.toNanos(250));
        this.expiry = housekeeper.scheduleAtFixedRate(this::expire, period, period, TimeUnit.NANOSECONDS);
    }

    /** Takes one of the {@code maxUdpFlows} UDP flow slots; false when none is left. */
    boolean reserveUdpFlow() {
        for (int n = udpFlows.get(); n < maxUdpFlows; n = udpFlows.get()) {
            if (udpFlows.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives a UDP flow slot back (the flow closed, or was never opened). */
    void releaseUdpFlow() {
        udpFlows.decrementAndGet();
    }

    /** A new flow for this key bound to endpoint, owned by owner; null when the table is full. */
    Flow<InetSocketAddress> insert(FlowKey key, InetSocketAddress endpoint, FlowOwner owner, long idleNanos) {
        for (int i = 0; i < 2; i++) {
            Flow<InetSocketAddress> flow = table.insertIfAbsent(key, endpoint);
            if (flow == null) {
                return null;
            }
            if (flow.attachment() == null && flow.backend().equals(endpoint)) {
                flow.attach(owner);
                flow.touch(idleNanos);
                return flow;
            }
            // The key is held by another owner (a UDP flow that moved to another reuseport socket,
            // or a TCP 4-tuple reused before the old connection's close was seen): it loses.
            if (table.remove(flow) && flow.attachment() instanceof FlowOwner other) {
                other.idleExpired();
            }
        }
        return null;
    }

    void remove(Flow<InetSocketAddress> flow) {
        if (flow != null) {
            table.remove(flow);
        }
    }

    /**
     * Takes the Services of a new plan; when one left it, schedules the sweep that, a grace period
     * later, ends the connections of every Service whose drain is over by then (one restored
     * meanwhile, or deleted again later, is not: {@link Drains} knows).
     */
    void servicesNow(java.util.Set<io.strait.proxy.model.ServiceName> live) {
        if (drains.update(live)) {
            drainLater(drains.graceNanos(), o -> o instanceof TcpRelay r && drains.drainOver(r.service()));
        }
    }

    /** After delay, tells every owner matching the predicate that its drain time is over. */
    void drainLater(long delayNanos, Predicate<FlowOwner> which) {
        housekeeper.schedule(() -> table.forEach(flow -> {
            if (flow.attachment() instanceof FlowOwner o && which.test(o)) {
                o.drainEnded();
            }
        }), delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Resets every relayed TCP connection, each on its own event loop, and waits (bounded) until
     * done: called before the event loops stop, whose own shutdown would close them with a FIN.
     */
    void abortConnections() {
        java.util.Map<io.netty.channel.EventLoop, java.util.List<TcpRelay>> byLoop = new java.util.HashMap<>();
        table.forEach(flow -> {
            if (flow.attachment() instanceof TcpRelay r) {
                byLoop.computeIfAbsent(r.client.eventLoop(), k -> new java.util.ArrayList<>()).add(r);
            }
        });
        java.util.List<io.netty.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        byLoop.forEach((loop, relays) -> done.add(loop.submit(() -> relays.forEach(TcpRelay::abort))));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (var f : done) {
            f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private void expire() {
        problems.flush();
        try {
            table.expire(flow -> {
                if (flow.attachment() instanceof FlowOwner o) {
                    o.idleExpired();
                }
            });
        } catch (RuntimeException e) {
            log.warn("flow expiry: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        expiry.cancel(false);
    }
}
