package io.strait.lb;

/** A Service's {@code spec.trafficDistribution} (KEP-4444). */
public enum TrafficDistribution {
  /** Unset: zone hints are still honoured, as kube-proxy does for the topology-mode annotation. */
  NONE,
  /** {@code PreferSameZone}, or its older alias {@code PreferClose}: honour {@code hints.forZones}. */
  PREFER_SAME_ZONE,
  /** {@code PreferSameNode}: honour {@code hints.forNodes}, falling back to zone hints. */
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
