package io.strait.proxy.sync;

import io.strait.proxy.model.ClusterState;
import io.strait.proxy.plan.DataplanePlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one sync did: the snapshot it planned from, the plan, the problems (plan problems and
 * frontends that could not be opened, as user-facing messages), and timings.
 */
public record SyncResult(ClusterState state, DataplanePlan plan, List<String> problems,
                         Instant started, Duration took) {
    public SyncResult {
        problems = List.copyOf(problems);
    }
}
