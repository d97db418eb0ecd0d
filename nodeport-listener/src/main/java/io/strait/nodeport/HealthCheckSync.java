package io.strait.nodeport;

import io.strait.proxy.plan.PlannerConfig;
import io.strait.proxy.sync.SyncResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Connects {@link HealthCheckServers} to the sync loop: after every sync (on the sync thread) the
 * desired servers are computed from the snapshot the sync planned from and applied on the plan's
 * NodePort addresses; the problems (clashes, ports already bound) go to {@code problems}, as a
 * whole list each time.
 */
public final class HealthCheckSync implements Consumer<SyncResult> {
    private final HealthCheckServers servers;
    private final String nodeName;
    private final Consumer<List<String>> problems;

    public HealthCheckSync(HealthCheckServers servers, String nodeName, Consumer<List<String>> problems) {
        this.servers = servers;
        this.nodeName = nodeName;
        this.problems = problems;
    }

    @Override
    public void accept(SyncResult result) {
        HealthCheckPlan.Desired desired = HealthCheckPlan.desired(result.state(), nodeName);
        PlannerConfig config = result.plan().config();
        List<String> all = new ArrayList<>(desired.problems());
        all.addAll(servers.sync(config == null ? List.of() : config.nodePortAddresses(), desired.servers()));
        problems.accept(all);
    }
}
