package io.strait.allocator.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.strait.allocator.k8s.MockApiServer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Speaker Leases judged with a test clock: expiry by arrival time, and no judging while out of touch. */
class SpeakerLeasesTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final SpeakerLeases.Timings TIMINGS = new SpeakerLeases.Timings(Duration.ofSeconds(15), Duration.ofSeconds(5));

    KubernetesMockServer server;
    KubernetesClient admin;
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    SpeakerLeases leases;

    @BeforeEach
    void start() {
        server = MockApiServer.start();
        admin = server.createClient();
        InstantSource clock = now::get;
        leases = new SpeakerLeases(admin, "kube-system", "self", TIMINGS, clock, () -> { });
    }

    @AfterEach
    void stop() {
        leases.informer.close();
        admin.close();
        MockApiServer.destroy(server);
    }

    void renew(String node, Instant at) {
        admin.leases().inNamespace("kube-system").resource(new LeaseBuilder().withNewMetadata()
                .withName(SpeakerLeases.PREFIX + node).withNamespace("kube-system")
                .withLabels(Map.of(SpeakerLeases.LABEL, "true")).endMetadata().withNewSpec().withHolderIdentity(node)
                .withRenewTime(ZonedDateTime.ofInstant(at, ZoneOffset.UTC)).withLeaseDurationSeconds(15).endSpec()
                .build()).createOr(x -> x.update());
    }

    @Test
    void aLeaseIsAliveForItsDurationAfterItsRenewalArrivedWhateverItsWriterSClockSaid() throws Exception {
        renew("self", T0);
        renew("skewed", T0.minusSeconds(3600));                     // listed long expired by its renewTime
        leases.informer.start().toCompletableFuture().get();       // listed; its handlers may still be running
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(leases.alive()).containsExactly("self"));

        renew("skewed", T0.minusSeconds(3590));                     // a renewal arrives: alive, by arrival time
        await().atMost(Duration.ofSeconds(30)).until(() -> leases.alive().contains("skewed"));

        now.set(T0.plusSeconds(16));                                // skewed arrived at T0: 15 s are over
        renew("self", now.get());
        await().atMost(Duration.ofSeconds(30)).until(() -> leases.alive().equals(java.util.Set.of("self")));
        assertThat(leases.problems()).isEmpty();
    }

    @Test
    void whileItsOwnRenewalsAreNotSeenANodeJudgesNobody() throws Exception {
        renew("self", T0);
        renew("other", T0);
        leases.informer.start().toCompletableFuture().get();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(leases.alive())
                .containsExactlyInAnyOrder("other", "self"));

        now.set(T0.plusSeconds(60));                                // the API server went away for a minute
        assertThat(leases.alive()).containsExactlyInAnyOrder("other", "self");
        assertThat(leases.problems()).singleElement().asString().contains("own renewals not seen");

        renew("self", now.get());                                   // back; "other" is still silent
        await().atMost(Duration.ofSeconds(30)).until(() -> leases.alive().equals(java.util.Set.of("self")));
        assertThat(leases.problems()).isEmpty();

        admin.leases().inNamespace("kube-system").withName(SpeakerLeases.PREFIX + "other").delete();
        renew("other", now.get());
        await().atMost(Duration.ofSeconds(30)).until(() -> leases.alive().contains("other"));
    }
}
