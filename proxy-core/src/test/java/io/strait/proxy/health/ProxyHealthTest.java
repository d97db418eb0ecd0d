package io.strait.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProxyHealthTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final InstantSource clock = now::get;

    /** Hardening issue, finding 8: /healthz said 200 before the first Service listened. */
    @Test
    void notReadyUntilTheFirstSyncIsAppliedButLiveFromTheStart() {
        ProxyHealth health = new ProxyHealth(clock, Duration.ofSeconds(70));
        assertThat(health.healthy()).isFalse();
        assertThat(health.live()).isTrue();
        health.queued(); // the first snapshot arrives
        now.set(now.get().plusSeconds(1));
        assertThat(health.healthy()).isFalse();
        assertThat(health.live()).isTrue();
        health.updated(now.get()); // applied: listeners open
        assertThat(health.healthy()).isTrue();
        assertThat(health.json()).contains("\"lastUpdated\": \"2026-01-01T00:00:01Z\"");
    }

    @Test
    void aChangeWaitingLongerThanTheTimeoutFailsBothAndANodeBeingDeletedFailsHealthOnly() {
        ProxyHealth health = new ProxyHealth(clock, Duration.ofSeconds(70));
        health.updated(now.get());
        health.queued();
        now.set(now.get().plusSeconds(71));
        assertThat(health.live()).isFalse();
        assertThat(health.healthy()).isFalse();
        health.updated(now.get());
        health.nodeDeleting(true);
        assertThat(health.live()).isTrue();
        assertThat(health.healthy()).isFalse();
    }
}
