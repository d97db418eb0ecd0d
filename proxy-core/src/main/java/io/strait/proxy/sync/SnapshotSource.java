package io.strait.proxy.sync;

import io.strait.proxy.model.ClusterState;
import io.strait.proxy.problem.Problem;
import java.time.Instant;
import java.util.List;

/**
 * Where the node's desired state comes from (after kube-proxy's config handlers feeding one
 * {@code syncProxyRules}): the Kubernetes informers, or a folder of manifests, possibly decorated
 * (standalone LoadBalancer allocation). A source only records changes and says that it has; the
 * sync loop pulls one whole {@link ClusterState} per sync.
 */
public interface SnapshotSource {
    /**
     * Starts watching. From now on the source calls changed (from any thread) whenever {@link
     * #snapshot()} may return something new; the loop coalesces the calls. Called once.
     */
    void start(Runnable changed);

    /**
     * The newest complete snapshot, or null while the initial listing is incomplete (nothing is
     * programmed until it is). Called on the sync thread only.
     */
    ClusterState snapshot();

    /** What the source cannot use now (invalid objects, files that do not parse, a refused pool). */
    List<Problem> currentProblems();

    /** Where an object (kind and namespace/name) was written, e.g. a manifest file, or null. */
    default String sourceOf(String object) {
        return null;
    }

    /** The snapshot last returned is programmed: every sink has applied it, at done. Sync thread. */
    default void applied(ClusterState snapshot, Instant done) {
    }
}
