package io.strait.proxy.sync;

import io.strait.proxy.model.ClusterState;
import io.strait.proxy.plan.DataplanePlan;
import io.strait.proxy.problem.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one sync did: the snapshot it planned from, the plan, the problems (the planner's and the
 * sinks', e.g. frontends that could not be opened), and timings.
 */
public record SyncResult(ClusterState state, DataplanePlan plan, List<Problem> problems,
                         Instant started, Duration took) {
    public SyncResult {
        problems = List.copyOf(problems);
    }

    /** The problems, rendered. */
    public List<String> messages() {
        return problems.stream().map(Problem::toString).toList();
    }
}
