package io.strait.proxy.sync;

import io.strait.proxy.problem.Problem;
import java.util.List;

/**
 * One side effect of a sync (VIPs on the node, dataplane listeners, health-check node ports,
 * LoadBalancer announcement…): it takes the whole desired state, brings its part of the node to
 * it (diffing internally against what it did last) and returns what it could not do. Sinks run on
 * the sync thread, in the fixed order the runtime lists them; a sink must not throw for bad input
 * (a throw is a bug: the sync is retried).
 */
@FunctionalInterface
public interface Sink {
    List<Problem> apply(DesiredState desired);
}
