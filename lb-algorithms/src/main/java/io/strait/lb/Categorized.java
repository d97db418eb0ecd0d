package io.strait.lb;

import java.util.List;

/**
 * The endpoints a Service port's traffic may use on this node, as kube-proxy's CategorizeEndpoints
 * returns them. All lists are immutable and keep the input order.
 *
 * @param clusterEndpoints      for Cluster policies: ready endpoints (topology-filtered), else
 *                              serving-terminating ones; empty when no policy is Cluster
 * @param localEndpoints        for Local policies: this node's ready endpoints, else its
 *                              serving-terminating ones; empty when no policy is Local
 * @param allReachableEndpoints the union of the two (what health and conntrack cleanup care about)
 * @param internalEndpoints     what cluster-internal traffic uses (cluster or local, by internalTrafficPolicy)
 * @param externalEndpoints     what external traffic uses (by externalTrafficPolicy); empty when the
 *                              Service is not externally accessible
 * @param hasAnyEndpoints       some endpoint is ready or serving-terminating, anywhere: when false,
 *                              connections are rejected rather than dropped
 * @param hasLocalReadyEndpoints               some endpoint on this node is ready
 * @param hasLocalServingTerminatingEndpoints  some endpoint on this node is serving and terminating
 * @param topology              the topology filter applied to clusterEndpoints
 */
public record Categorized(List<Endpoint> clusterEndpoints, List<Endpoint> localEndpoints,
                          List<Endpoint> allReachableEndpoints, List<Endpoint> internalEndpoints,
                          List<Endpoint> externalEndpoints, boolean hasAnyEndpoints,
                          boolean hasLocalReadyEndpoints, boolean hasLocalServingTerminatingEndpoints,
                          Topology topology) {

  /** Which hints filtered clusterEndpoints. */
  public enum Topology { NONE, SAME_ZONE, SAME_NODE }

  public Categorized {
    clusterEndpoints = List.copyOf(clusterEndpoints);
    localEndpoints = List.copyOf(localEndpoints);
    allReachableEndpoints = List.copyOf(allReachableEndpoints);
    internalEndpoints = List.copyOf(internalEndpoints);
    externalEndpoints = List.copyOf(externalEndpoints);
  }

  /** The count the healthCheckNodePort server reports as {@code localEndpoints}. */
  public int localEndpointCount() {
    return localEndpoints.size();
  }
}
