package io.strait.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProxyHealthTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));
    private final InstantSource clock = now::get;
    private final ProxyHealth health = new ProxyHealth(clock, Duration.ofSeconds(10));

    /** sync_proxy_rules_last_queued_timestamp_seconds: the newest queueing, kept past the sync. */
    @Test
    void lastQueuedIsTheNewestRequestAndOutlivesTheSync() {
        assertThat(health.lastQueued()).isNull();
        health.queued();
        now.set(now.get().plusSeconds(3));
        health.queued();
        assertThat(health.lastQueued()).isEqualTo(Instant.parse("2026-12-04T10:00:03Z"));
        now.set(now.get().plusSeconds(1));
        health.updated(now.get());
        assertThat(health.lastQueued()).isEqualTo(Instant.parse("2026-12-04T10:00:03Z"));
        assertThat(health.lastUpdated()).isEqualTo(Instant.parse("2026-12-04T10:00:04Z"));
    }

    @Test
    void aChangeWaitingPastTheTimeoutFailsLiveness() {
        health.queued();
        now.set(now.get().plusSeconds(11));
        assertThat(health.live()).isFalse();
        health.updated(now.get());
        assertThat(health.live()).isTrue();
    }
}
