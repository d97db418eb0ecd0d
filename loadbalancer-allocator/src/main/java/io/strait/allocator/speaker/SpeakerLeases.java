package io.strait.allocator.speaker;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.strait.proxy.problem.Problem;
import io.strait.proxy.problem.ProblemLog;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which nodes run an announcing Strait right now: the part of MetalLB's memberlist that L2
 * failover needs. Every announcing node keeps a {@code coordination.k8s.io} Lease
 * {@code strait-speaker-NODE} (label {@value #LABEL}) renewed every {@code renew}; a node is
 * {@link #alive} while its Lease was seen renewed within {@code duration}. "Seen" is this
 * process's clock when the renewal arrived (as the node lifecycle controller judges kubelet
 * Leases), so skewed clocks do not make nodes disagree; only a Lease found at the first list is
 * judged by its {@code renewTime}. While this node does not see its own renewals, the last set is
 * kept (see {@link #alive}). {@link #close} deletes this node's Lease, so on a clean stop the
 * others take its addresses over at once rather than after {@code duration}.
 * Thread-safe: the informer thread records, an own thread renews and checks expiry, any thread reads.
 */
public final class SpeakerLeases implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpeakerLeases.class);
    public static final String LABEL = "strait.io/speaker";
    public static final String PREFIX = "strait-speaker-";

    /** Lease duration and renew period (the kubelet's node Leases: 40 s and 10 s). */
    public record Timings(Duration duration, Duration renew) {
        public static final Timings DEFAULT = new Timings(Duration.ofSeconds(15), Duration.ofSeconds(5));
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String nodeName;
    private final Timings timings;
    private final InstantSource clock;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();   // holder → when its renewal arrived
    private final ProblemLog problems = new ProblemLog(log, "speaker Lease");
    private final Runnable onChange;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("strait-speaker-lease").factory());
    final SharedIndexInformer<Lease> informer;
    private final ProblemLog touch = new ProblemLog(log, "speaker Leases");
    private Set<String> lastAlive = Set.of(); // guarded by this
    private Set<String> lastInTouch = Set.of(); // guarded by this
    private volatile boolean closed;

    public SpeakerLeases(KubernetesClient client, String namespace, String nodeName, Timings timings, InstantSource clock,
                  Runnable onChange) {
        this.client = client;
        this.namespace = namespace;
        this.nodeName = nodeName;
        this.timings = timings;
        this.clock = clock;
        this.onChange = onChange;
        this.informer = client.leases().inNamespace(namespace).withLabel(LABEL).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Lease lease) {
                Instant renewed = renewTime(lease);
                Instant now = clock.instant();
                record(lease, renewed != null && renewed.isBefore(now) ? renewed : now);
            }

            @Override
            public void onUpdate(Lease before, Lease after) {
                if (!java.util.Objects.equals(renewTime(before), renewTime(after))) {
                    record(after, clock.instant());
                }
            }

            @Override
            public void onDelete(Lease lease, boolean finalStateUnknown) {
                String holder = holder(lease);
                if (holder != null) {
                    seen.remove(holder);
                }
                checkAlive();
            }
        });
    }

    /**
     * Renews this node's Lease now and every renew period, and checks for expired Leases often
     * enough (a tenth of the duration, at most every second); onChange runs when the alive set changes.
     */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::renew, 0, timings.renew().toMillis(), TimeUnit.MILLISECONDS);
        long tick = Math.min(1000, Math.max(10, timings.duration().toMillis() / 10));
        scheduler.scheduleWithFixedDelay(this::checkAlive, tick, tick, TimeUnit.MILLISECONDS);
    }

    private void record(Lease lease, Instant when) {
        String holder = holder(lease);
        if (holder != null) {
            seen.put(holder, when);
        }
        checkAlive();
    }

    private void checkAlive() {
        Set<String> now = alive();
        boolean changed;
        synchronized (this) {
            changed = !now.equals(lastAlive);
            lastAlive = now;
        }
        if (changed) {
            log.debug("announcing nodes (live speaker Leases): {}", now);
            onChange.run();
        }
    }

    private static String holder(Lease lease) {
        return lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static Instant renewTime(Lease lease) {
        return lease.getSpec() == null || lease.getSpec().getRenewTime() == null ? null
                : lease.getSpec().getRenewTime().toInstant();
    }

    /**
     * The nodes whose announcer renewed its Lease within the duration, as seen from here. While
     * this node's own renewals are not seen (the API server or the watch is away), nobody is
     * judged: the set last computed in touch is kept, so an API server outage, which every node
     * lives through at once, moves no address (empty until this node first sees its own Lease).
     */
    public synchronized Set<String> alive() {
        Instant cutoff = clock.instant().minus(timings.duration());
        Instant self = seen.get(nodeName);
        boolean inTouch = self != null && self.isAfter(cutoff);
        if (!inTouch) {
            touch.report(self == null ? List.of() : List.of(Problem.of("Lease " + namespace + "/" + PREFIX + nodeName,
                    null, "this node's own renewals not seen for " + timings.duration() + " (API server away?); "
                    + "keeping the last known announcing nodes " + lastInTouch)));
            return lastInTouch;
        }
        touch.report(List.of());
        Set<String> out = new TreeSet<>();
        seen.forEach((holder, when) -> {
            if (when.isAfter(cutoff)) {
                out.add(holder);
            }
        });
        lastInTouch = Set.copyOf(out);
        return lastInTouch;
    }

    public List<String> problems() {
        List<String> all = new java.util.ArrayList<>(problems.current());
        all.addAll(touch.current());
        return all;
    }

    private void renew() {
        if (closed) {
            return;
        }
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        String name = PREFIX + nodeName;
        try {
            Lease lease = client.leases().inNamespace(namespace).withName(name).get();
            if (lease == null) {
                client.leases().inNamespace(namespace).resource(new LeaseBuilder().withNewMetadata().withName(name)
                        .withNamespace(namespace).withLabels(Map.of(LABEL, "true")).endMetadata()
                        .withNewSpec().withHolderIdentity(nodeName).withRenewTime(now).withAcquireTime(now)
                        .withLeaseDurationSeconds((int) timings.duration().toSeconds()).endSpec().build()).create();
                log.info("node {} announces: Lease {}/{} created", nodeName, namespace, name);
            } else {
                lease.getSpec().setHolderIdentity(nodeName);
                lease.getSpec().setRenewTime(now);
                lease.getSpec().setLeaseDurationSeconds((int) timings.duration().toSeconds());
                client.leases().inNamespace(namespace).resource(lease).update();
            }
            problems.report(List.of());
        } catch (RuntimeException e) {
            problems.report(List.of(Problem.of("Lease " + namespace + "/" + name, null, "cannot renew (" + e.getMessage()
                    + "); other nodes stop counting on this node to announce after " + timings.duration())));
        }
    }

    /** Stops renewing and deletes this node's Lease (the others take over at once). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.leases().inNamespace(namespace).withName(PREFIX + nodeName).delete();
        } catch (RuntimeException e) {
            log.warn("deleting Lease {}/{}{} failed ({}); other nodes take over after {}", namespace, PREFIX, nodeName,
                    e.toString(), timings.duration());
        }
    }
}
