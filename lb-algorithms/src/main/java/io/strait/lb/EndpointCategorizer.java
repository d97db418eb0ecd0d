package io.strait.lb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/*
 * Endpoint filtering before balancing: one pure function modelled on kube-proxy's
 * CategorizeEndpoints and topologyModeFromHints (pkg/proxy/topology.go), written from its
 * documented behaviour (KEP-1669 terminating endpoints, KEP-2086 internalTrafficPolicy,
 * KEP-2433/3015/4444 topology hints and trafficDistribution).
 *
 *  - Cluster policies: ready endpoints; if none is ready anywhere, serving-and-terminating ones,
 *    so connections drain instead of failing.
 *  - Topology: node hints when every ready endpoint carries one and at least one names this node;
 *    else zone hints when every ready endpoint carries one and at least one names this zone;
 *    otherwise all endpoints. As kube-proxy, the hints decide, not spec.trafficDistribution (the
 *    EndpointSlice controller writes the hints the Service asks for).
 *  - Local policies: this node's ready endpoints, else its serving-terminating ones, else none
 *    (traffic is dropped). Local ignores topology hints.
 */
/** Categorizes a Service port's endpoints for this node. Stateless and thread-safe. */
public final class EndpointCategorizer {
  private EndpointCategorizer() {}

  /**
   * @param service   the Service port's policies
   * @param nodeName  this node's name (endpoints whose nodeName equals it are local)
   * @param zone      this node's {@code topology.kubernetes.io/zone}, or null
   * @param endpoints all endpoints of the Service port (each once)
   */
  public static Categorized categorize(ServiceTraffic service, String nodeName, String zone,
                                       List<Endpoint> endpoints) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(endpoints, "endpoints");
    List<Endpoint> cluster = List.of();
    Categorized.Topology topology = Categorized.Topology.NONE;
    boolean hasAny = false;
    if (service.usesClusterEndpoints()) {
      topology = topology(endpoints, nodeName, zone);
      Predicate<Endpoint> inTopology = inTopology(topology, nodeName, zone);
      cluster = filter(endpoints, e -> e.ready() && inTopology.test(e));
      if (cluster.isEmpty()) {
        cluster = filter(endpoints, e -> servingTerminating(e) && inTopology.test(e));
      }
      hasAny = !cluster.isEmpty();
    }
    boolean localReady = false;
    boolean localTerminating = false;
    for (Endpoint e : endpoints) {
      boolean usable = e.ready() || servingTerminating(e);
      hasAny |= usable;
      if (usable && isLocal(e, nodeName)) {
        localReady |= e.ready();
        localTerminating |= !e.ready();
      }
    }
    List<Endpoint> local = List.of();
    if (service.usesLocalEndpoints()) {
      if (localReady) {
        local = filter(endpoints, e -> isLocal(e, nodeName) && e.ready());
      } else if (localTerminating) {
        local = filter(endpoints, e -> isLocal(e, nodeName) && servingTerminating(e));
      }
    }
    List<Endpoint> internal = service.internalPolicy() == TrafficPolicy.LOCAL ? local : cluster;
    List<Endpoint> external = !service.externallyAccessible() ? List.of()
        : service.externalPolicy() == TrafficPolicy.LOCAL ? local : cluster;
    return new Categorized(cluster, local, union(cluster, local), internal, external, hasAny,
        localReady, localTerminating, topology);
  }

  /**
   * Which hints to use (kube-proxy's topologyModeFromHints): all ready endpoints must carry that
   * kind and one must match; node hints first, then zone hints.
   */
  static Categorized.Topology topology(List<Endpoint> endpoints, String nodeName, String zone) {
    boolean allNodeHints = true;
    boolean nodeMatch = false;
    boolean allZoneHints = true;
    boolean zoneMatch = false;
    boolean anyReady = false;
    for (Endpoint e : endpoints) {
      if (!e.ready()) {
        continue;
      }
      anyReady = true;
      allNodeHints &= !e.nodeHints().isEmpty();
      nodeMatch |= nodeName != null && e.nodeHints().contains(nodeName);
      allZoneHints &= !e.zoneHints().isEmpty();
      zoneMatch |= zone != null && e.zoneHints().contains(zone);
    }
    if (!anyReady) {
      return Categorized.Topology.NONE;
    }
    if (allNodeHints && nodeMatch) {
      return Categorized.Topology.SAME_NODE;
    }
    return allZoneHints && zoneMatch ? Categorized.Topology.SAME_ZONE : Categorized.Topology.NONE;
  }

  private static Predicate<Endpoint> inTopology(Categorized.Topology topology, String nodeName, String zone) {
    return switch (topology) {
      case NONE -> e -> true;
      case SAME_NODE -> e -> e.nodeHints().contains(nodeName);
      case SAME_ZONE -> e -> e.zoneHints().contains(zone);
    };
  }

  private static boolean servingTerminating(Endpoint e) {
    return e.serving() && e.terminating();
  }

  private static boolean isLocal(Endpoint e, String nodeName) {
    return nodeName != null && nodeName.equals(e.nodeName());
  }

  private static List<Endpoint> filter(List<Endpoint> endpoints, Predicate<Endpoint> keep) {
    return endpoints.stream().filter(keep).toList();
  }

  private static List<Endpoint> union(List<Endpoint> a, List<Endpoint> b) {
    Map<String, Endpoint> byKey = new LinkedHashMap<>();
    for (Endpoint e : a) {
      byKey.putIfAbsent(e.key(), e);
    }
    for (Endpoint e : b) {
      byKey.putIfAbsent(e.key(), e);
    }
    return new ArrayList<>(byKey.values());
  }
}
