package io.strait.proxy.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangeTrackerTest {
    private final ChangeTracker<String, String> tracker = new ChangeTracker<>();

    private static Tracked<String> ok(String v) {
        return new Tracked.Accepted<>(v);
    }

    @Test
    void addThenDeleteLeavesNothingPending() {
        tracker.record("a", ok("1"));
        assertThat(tracker.pending()).isEqualTo(1);
        assertThat(tracker.record("a", null)).isFalse();
        assertThat(tracker.pending()).isZero();
        assertThat(tracker.apply().current()).isEmpty();
    }

    /** kube-proxy's *_changes_total counts every event, also those that fold or cancel out. */
    @Test
    void everyRecordedChangeCountsEvenWhenItFoldsOrCancels() {
        tracker.record("a", ok("1"));
        tracker.record("a", ok("2"));
        tracker.record("b", ok("1"));
        tracker.record("b", null);
        assertThat(tracker.pending()).isEqualTo(1);
        assertThat(tracker.recorded()).isEqualTo(4);
        tracker.apply();
        assertThat(tracker.recorded()).as("applying does not reset the count").isEqualTo(4);
    }

    @Test
    void repeatedUpdatesMergeIntoOneChange() {
        tracker.record("a", ok("1"));
        tracker.record("a", ok("2"));
        tracker.record("a", ok("3"));
        assertThat(tracker.pending()).isEqualTo(1);
        var applied = tracker.apply();
        assertThat(applied.current()).containsExactlyEntriesOf(java.util.Map.of("a", "3"));
        assertThat(applied.changed()).containsExactly("3");
        assertThat(tracker.pending()).isZero();
    }

    @Test
    void updateAndRevertCancelOut() {
        tracker.record("a", ok("1"));
        tracker.apply();
        tracker.record("a", ok("2"));
        tracker.record("a", ok("1"));
        assertThat(tracker.pending()).isZero();
        assertThat(tracker.record("a", ok("1"))).isFalse();
    }

    @Test
    void invalidKeepsLastGoodAndReportsUntilFixed() {
        tracker.record("a", ok("1"));
        tracker.apply();
        tracker.record("a", new Tracked.Invalid<>("Service d/a: spec.ports[0].port: must be between 1 and 65535 (got 0)"));
        var bad = tracker.apply();
        assertThat(bad.current()).containsEntry("a", "1");
        assertThat(bad.problems()).singleElement().asString()
                .contains("spec.ports[0].port").endsWith("keeping its last good definition");
        tracker.record("a", ok("1"));
        assertThat(tracker.pending()).as("a fix back to the last good value is still a change").isEqualTo(1);
        var fixed = tracker.apply();
        assertThat(fixed.problems()).isEmpty();
        assertThat(fixed.current()).containsEntry("a", "1");
    }

    @Test
    void invalidNewObjectIsNotApplied() {
        tracker.record("b", new Tracked.Invalid<>("bad"));
        var applied = tracker.apply();
        assertThat(applied.current()).isEmpty();
        assertThat(applied.problems()).containsExactly("bad; it is not applied");
    }

    @Test
    void ignoredObjectsAreReportedAndRemoved() {
        tracker.record("a", ok("1"));
        tracker.apply();
        tracker.record("a", new Tracked.Ignored<>("headless"));
        var applied = tracker.apply();
        assertThat(applied.current()).isEmpty();
        assertThat(applied.ignored()).containsExactly("headless");
        tracker.record("a", null);
        assertThat(tracker.apply().ignored()).isEmpty();
    }
}
