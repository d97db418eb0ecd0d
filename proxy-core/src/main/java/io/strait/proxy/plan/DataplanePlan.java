package io.strait.proxy.plan;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node's whole desired dataplane: every frontend and its route, plus the problems met while
 * planning. Immutable.
 */
public record DataplanePlan(Map<Frontend, RouteSpec> routes, List<PlanProblem> problems) {
    public static final DataplanePlan EMPTY = new DataplanePlan(Map.of(), List.of());

    public DataplanePlan {
        routes = java.util.Collections.unmodifiableMap(new TreeMap<>(routes));
        problems = List.copyOf(problems);
    }
}
