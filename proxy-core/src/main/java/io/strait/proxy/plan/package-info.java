/**
 * The planner: a pure function from a {@link io.strait.proxy.model.ClusterState} snapshot and
 * this node's configuration to a {@link io.strait.proxy.plan.DataplanePlan} (frontends and their
 * routes). No I/O; every type is immutable and thread-safe.
 */
package io.strait.proxy.plan;
