package io.strait.lb;

/** A Service's {@code internalTrafficPolicy} or {@code externalTrafficPolicy}. */
public enum TrafficPolicy {
  /** All usable endpoints in the cluster (the default). */
  CLUSTER,
  /** Only endpoints on this node; none means drop. */
  LOCAL;

  /** Parses the Kubernetes value ({@code Cluster} or {@code Local}); null or empty means Cluster. */
  public static TrafficPolicy parse(String s) {
    if (s == null || s.isEmpty() || s.equals("Cluster")) {
      return CLUSTER;
    }
    if (s.equals("Local")) {
      return LOCAL;
    }
    throw new IllegalArgumentException("unknown traffic policy '" + s + "'; allowed: Cluster | Local");
  }
}
