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

    private final AtomicReference<Instant> later = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));
    private final ProxyHealth health = new ProxyHealth(later::get, Duration.ofSeconds(10));

    /** sync_proxy_rules_last_queued_timestamp_seconds: the newest queueing, kept past the sync. */
    @Test
    void lastQueuedIsTheNewestRequestAndOutlivesTheSync() {
        assertThat(health.lastQueued()).isNull();
        health.queued();
        later.set(later.get().plusSeconds(3));
        health.queued();
        assertThat(health.lastQueued()).isEqualTo(Instant.parse("2026-12-04T10:00:03Z"));
        later.set(later.get().plusSeconds(1));
        health.updated(later.get());
        assertThat(health.lastQueued()).isEqualTo(Instant.parse("2026-12-04T10:00:03Z"));
        assertThat(health.lastUpdated()).isEqualTo(Instant.parse("2026-12-04T10:00:04Z"));
    }

    @Test
    void aChangeWaitingPastTheTimeoutFailsLiveness() {
        health.queued();
        later.set(later.get().plusSeconds(11));
        assertThat(health.live()).isFalse();
        health.updated(later.get());
        assertThat(health.live()).isTrue();
    }
}
