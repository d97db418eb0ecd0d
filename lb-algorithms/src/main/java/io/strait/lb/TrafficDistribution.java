package io.strait.lb;

/**
 * A Service's {@code spec.trafficDistribution} (KEP-4444), validated. Endpoint selection follows
 * the hints the EndpointSlice controller writes for it, not this value, as kube-proxy does
 * ({@link EndpointCategorizer}).
 */
public enum TrafficDistribution {
  /** Unset (hints, e.g. from the topology-mode annotation, are still honoured). */
  NONE,
  /** {@code PreferSameZone}, or its older alias {@code PreferClose}: the controller writes {@code hints.forZones}. */
  PREFER_SAME_ZONE,
  /** {@code PreferSameNode}: the controller writes {@code hints.forNodes} (and zone hints). */
  PREFER_SAME_NODE;

  /** Parses the Kubernetes value; null or empty means NONE. Unknown values are rejected. */
  public static TrafficDistribution parse(String s) {
    return switch (s == null ? "" : s) {
      case "" -> NONE;
      case "PreferSameZone", "PreferClose" -> PREFER_SAME_ZONE;
      case "PreferSameNode" -> PREFER_SAME_NODE;
      default -> throw new IllegalArgumentException("unknown trafficDistribution '" + s
          + "'; allowed: PreferSameZone | PreferClose | PreferSameNode");
    };
  }
}
