package io.strait.nodeport;

import io.strait.proxy.plan.PlannerConfig;
import io.strait.proxy.problem.Problem;
import io.strait.proxy.sync.DesiredState;
import io.strait.proxy.sync.Sink;
import java.util.ArrayList;
import java.util.List;

/**
 * The health-check node port sink: from the whole desired state it computes the servers this node
 * should run ({@link HealthCheckPlan}) and has {@link HealthCheckServers} open them on the plan's
 * NodePort addresses; returns the clashes and the ports that could not be opened. Sync thread.
 */
public final class HealthCheckSink implements Sink {
    private final HealthCheckServers servers;
    private final String nodeName;

    public HealthCheckSink(HealthCheckServers servers, String nodeName) {
        this.servers = servers;
        this.nodeName = nodeName;
    }

    @Override
    public List<Problem> apply(DesiredState desired) {
        HealthCheckPlan.Desired wanted = HealthCheckPlan.desired(desired.state(), nodeName);
        PlannerConfig config = desired.plan().config();
        List<String> all = new ArrayList<>(wanted.problems());
        all.addAll(servers.sync(config == null ? List.of() : config.nodePortAddresses(), wanted.servers()));
        return Problem.all(all);
    }
}
