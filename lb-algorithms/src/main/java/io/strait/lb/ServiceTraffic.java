package io.strait.lb;

import java.util.Objects;

/**
 * The parts of a Service port that decide which endpoints its traffic may use.
 *
 * @param internalPolicy         {@code spec.internalTrafficPolicy}
 * @param externalPolicy         {@code spec.externalTrafficPolicy}
 * @param distribution           {@code spec.trafficDistribution}
 * @param externallyAccessible   the Service has NodePorts, load-balancer IPs or external IPs
 *                               (only then does externalPolicy matter)
 */
public record ServiceTraffic(TrafficPolicy internalPolicy, TrafficPolicy externalPolicy,
                             TrafficDistribution distribution, boolean externallyAccessible) {
  public ServiceTraffic {
    Objects.requireNonNull(internalPolicy, "internalPolicy");
    Objects.requireNonNull(externalPolicy, "externalPolicy");
    Objects.requireNonNull(distribution, "distribution");
  }

  /** A ClusterIP-only Service with default policies. */
  public static ServiceTraffic clusterIp() {
    return new ServiceTraffic(TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, TrafficDistribution.NONE, false);
  }

  /** kube-proxy's UsesClusterEndpoints: some traffic may go to any node's endpoints. */
  public boolean usesClusterEndpoints() {
    return internalPolicy == TrafficPolicy.CLUSTER
        || (externallyAccessible && externalPolicy == TrafficPolicy.CLUSTER);
  }

  /** kube-proxy's UsesLocalEndpoints: some traffic is restricted to this node's endpoints. */
  public boolean usesLocalEndpoints() {
    return internalPolicy == TrafficPolicy.LOCAL
        || (externallyAccessible && externalPolicy == TrafficPolicy.LOCAL);
  }
}
