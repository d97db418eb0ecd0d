package io.strait.proxy.plan;

import io.strait.proxy.problem.Problem;
import io.strait.proxy.model.ServiceName;
import java.util.List;
import java.util.Map;

/**
 * The node's whole desired dataplane: every frontend and its route, plus the problems met while
 * planning. Also keeps what each Service was planned from ({@code services}) and the config, so
 * the next plan redoes only the Services that changed. Immutable.
 *
 * @param config   the config this plan was made with, or null for {@link #EMPTY}
 * @param nodeZone this node's zone when planned (topology), or null
 */
public record DataplanePlan(Map<Frontend, RouteSpec> routes, List<Problem> problems,
                            PlannerConfig config, String nodeZone, Map<ServiceName, ServicePlan> services) {
    public static final DataplanePlan EMPTY = new DataplanePlan(Map.of(), List.of());

    public DataplanePlan {
        routes = Map.copyOf(routes);
        problems = List.copyOf(problems);
        services = Map.copyOf(services);
    }

    /** A plan made by hand (tests, tools): no memo for incremental planning. */
    public DataplanePlan(Map<Frontend, RouteSpec> routes, List<Problem> problems) {
        this(routes, problems, null, null, Map.of());
    }
}
