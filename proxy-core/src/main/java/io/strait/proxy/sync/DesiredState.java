package io.strait.proxy.sync;

import io.strait.proxy.model.ClusterState;
import io.strait.proxy.plan.DataplanePlan;

/**
 * What every sink gets: the snapshot the sync planned from and the plan made of it (frontends and
 * routes, with the planner config, e.g. the NodePort addresses). Immutable.
 */
public record DesiredState(ClusterState state, DataplanePlan plan) {}
