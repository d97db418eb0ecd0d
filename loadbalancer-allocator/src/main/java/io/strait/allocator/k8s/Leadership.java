package io.strait.allocator.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a {@code coordination.k8s.io} Lease with fabric8's LeaderElector: only the
 * leader allocates and writes Service status; a standby takes over when the leader's lease
 * expires (or at once when it releases it on a clean stop).
 */
public final class Leadership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    /** Lease timings: duration, renew deadline, retry period (client-go's defaults are 15/10/2 s). */
    public record Timings(Duration lease, Duration renewDeadline, Duration retry) {
        public static final Timings DEFAULT = new Timings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    private final KubernetesClient client;
    private final io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig config;
    private volatile CompletableFuture<?> running;
    private volatile boolean closed;

    private Leadership(KubernetesClient client, io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig config) {
        this.client = client;
        this.config = config;
    }

    /** fabric8's elector ends after losing the Lease: campaign again until closed. */
    private void campaign() {
        if (closed) {
            return;
        }
        running = client.leaderElector().withConfig(config).build().start();
        running.whenComplete((ok, error) -> {
            if (!closed) {
                log.info("leader election for {} ended ({}); campaigning again", config.getName(),
                        error == null ? "lost the Lease" : error.toString());
                campaign();
            }
        });
    }

    /** Starts campaigning for the Lease namespace/name as identity; callbacks go to the allocator. */
    public static Leadership start(KubernetesClient client, String namespace, String name, String identity,
                                   Timings timings, KubernetesAllocator allocator) {
        var config = new LeaderElectionConfigBuilder()
                .withName(name)
                .withLock(new LeaseLock(namespace, name, identity))
                .withLeaseDuration(timings.lease())
                .withRenewDeadline(timings.renewDeadline())
                .withRetryPeriod(timings.retry())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(allocator::startLeading, allocator::stopLeading,
                        leader -> log.info("Lease {}/{} is held by {}", namespace, name, leader)))
                .build();
        Leadership l = new Leadership(client, config);
        l.campaign();
        return l;
    }

    /** Stops campaigning (releasing the Lease if held). */
    @Override
    public void close() {
        closed = true;
        running.cancel(true);
    }
}
