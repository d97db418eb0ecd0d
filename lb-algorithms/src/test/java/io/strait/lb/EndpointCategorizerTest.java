package io.strait.lb;

import static io.strait.lb.TrafficDistribution.NONE;
import static io.strait.lb.TrafficDistribution.PREFER_SAME_NODE;
import static io.strait.lb.TrafficDistribution.PREFER_SAME_ZONE;
import static io.strait.lb.TrafficPolicy.CLUSTER;
import static io.strait.lb.TrafficPolicy.LOCAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven, after the cases of kube-proxy's TestCategorizeEndpoints (pkg/proxy/topology_test.go),
 * rewritten from their intent. This node is "node1" in zone "zone-a"; endpoints are 10.0.0.x:80.
 */
class EndpointCategorizerTest {
  static final String NODE = "node1";
  static final String ZONE = "zone-a";

  /** An endpoint: ip last octet, node, conditions "R" ready / "ST" serving-terminating / "T" terminating only / "-" not ready. */
  static Endpoint e(int ip, String node, String state, String zoneHints, String nodeHints) {
    boolean ready = state.equals("R");
    boolean serving = ready || state.equals("ST");
    boolean terminating = state.equals("ST") || state.equals("T");
    return Fixtures.ep("10.0.0." + ip, node, null, ready, serving, terminating, set(zoneHints), set(nodeHints));
  }

  static Endpoint e(int ip, String node, String state) {
    return e(ip, node, state, "", "");
  }

  static Set<String> set(String csv) {
    return csv.isEmpty() ? Set.of() : Set.of(csv.split(","));
  }

  static ServiceTraffic svc(TrafficPolicy internal, TrafficPolicy external, TrafficDistribution d, boolean external_) {
    return new ServiceTraffic(internal, external, d, external_);
  }

  /** Expected endpoint sets by last octet; "" = empty. */
  record Case(String name, ServiceTraffic service, String zone, List<Endpoint> endpoints,
              String cluster, String local, String allReachable, boolean hasAny, boolean localReady) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    ServiceTraffic plain = ServiceTraffic.clusterIp();
    ServiceTraffic zoneSvc = svc(CLUSTER, CLUSTER, PREFER_SAME_ZONE, false);
    return Stream.of(
        new Case("hints used: all ready endpoints have zone hints and some name this zone", zoneSvc, ZONE,
            List.of(e(1, "n1", "R", "zone-a", ""), e(2, "n2", "R", "zone-b", ""),
                e(3, "n3", "R", "zone-c", ""), e(4, "n4", "R", "zone-a", "")),
            "1,4", "", "1,4", true, false),
        new Case("hints ignored when the node has no zone", zoneSvc, null,
            List.of(e(1, "n1", "R", "zone-a", ""), e(2, "n2", "R", "zone-b", "")),
            "1,2", "", "1,2", true, false),
        new Case("hints ignored when no endpoint is for this zone", zoneSvc, "zone-b",
            List.of(e(1, "n1", "R", "zone-a", ""), e(2, "n2", "R", "zone-c", "")),
            "1,2", "", "1,2", true, false),
        new Case("hints ignored when one ready endpoint lacks them", zoneSvc, ZONE,
            List.of(e(1, "n1", "R", "zone-a", ""), e(2, "n2", "R", "", ""), e(3, "n3", "R", "zone-b", "")),
            "1,2,3", "", "1,2,3", true, false),
        new Case("a not-ready endpoint without hints does not disable hints", zoneSvc, ZONE,
            List.of(e(1, "n1", "R", "zone-a", ""), e(2, "n2", "-", "", ""), e(3, "n3", "R", "zone-b", "")),
            "1", "", "1", true, false),
        new Case("an endpoint with several zone hints is kept for each", zoneSvc, ZONE,
            List.of(e(1, "n1", "R", "zone-a,zone-b", ""), e(2, "n2", "R", "zone-b", ""), e(3, "n3", "R", "zone-c", "")),
            "1", "", "1", true, false),
        new Case("zone hints honoured with no trafficDistribution (topology-mode annotation)", plain, ZONE,
            List.of(e(1, "n1", "R", "zone-a", ""), e(2, "n2", "R", "zone-b", "")),
            "1", "", "1", true, false),
        new Case("PreferSameNode uses node hints", svc(CLUSTER, CLUSTER, PREFER_SAME_NODE, false), ZONE,
            List.of(e(1, NODE, "R", "zone-a", NODE), e(2, "n2", "R", "zone-a", "n2"), e(3, "n3", "R", "zone-b", "n3")),
            "1", "", "1", true, true),
        new Case("PreferSameNode falls back to zone hints when no endpoint is for this node",
            svc(CLUSTER, CLUSTER, PREFER_SAME_NODE, false), ZONE,
            List.of(e(2, "n2", "R", "zone-a", "n2"), e(3, "n3", "R", "zone-b", "n3")),
            "2", "", "2", true, false),
        // kube-proxy's topologyModeFromHints reads node hints whenever every ready endpoint has
        // one, whatever spec.trafficDistribution says (the EndpointSlice controller decides).
        new Case("node hints used under PreferSameZone too", zoneSvc, ZONE,
            List.of(e(1, NODE, "R", "zone-a", NODE), e(2, "n2", "R", "zone-a", "n2"), e(3, "n3", "R", "zone-b", "n3")),
            "1", "", "1", true, true),
        new Case("node hints used with no trafficDistribution", plain, ZONE,
            List.of(e(1, NODE, "R", "", NODE), e(2, "n2", "R", "", "n2")),
            "1", "", "1", true, true),
        new Case("node hints ignored when one ready endpoint lacks one: zone hints then", plain, ZONE,
            List.of(e(1, NODE, "R", "zone-b", NODE), e(2, "n2", "R", "zone-a", "n2"), e(3, "n3", "R", "zone-b", "")),
            "2", "", "2", true, true),
        new Case("a not-ready endpoint without a node hint does not disable node hints", plain, ZONE,
            List.of(e(1, NODE, "R", "", NODE), e(2, "n2", "R", "", "n2"), e(3, "n3", "-", "", "")),
            "1", "", "1", true, true),
        new Case("eTP Local: topology applies to cluster endpoints, not local ones",
            svc(CLUSTER, LOCAL, PREFER_SAME_ZONE, true), ZONE,
            List.of(e(1, NODE, "R", "zone-b", ""), e(2, "n2", "R", "zone-a", ""), e(3, "n3", "R", "zone-b", "")),
            "2", "1", "2,1", true, true),
        new Case("iTP Local: topology ignored, only local endpoints, no cluster endpoints",
            svc(LOCAL, CLUSTER, PREFER_SAME_ZONE, false), ZONE,
            List.of(e(1, NODE, "R", "zone-b", ""), e(2, "n2", "R", "zone-a", ""), e(3, NODE, "R", "zone-a", "")),
            "", "1,3", "1,3", true, true),
        new Case("iTP Local with no endpoints at all", svc(LOCAL, CLUSTER, NONE, false), ZONE,
            List.of(), "", "", "", false, false),
        new Case("iTP Local, all endpoints remote: drop, but endpoints exist", svc(LOCAL, CLUSTER, NONE, false), ZONE,
            List.of(e(1, "n2", "R"), e(2, "n3", "R")), "", "", "", true, false),
        new Case("iTP Local, all endpoints local", svc(LOCAL, CLUSTER, NONE, false), ZONE,
            List.of(e(1, NODE, "R"), e(2, NODE, "R")), "", "1,2", "1,2", true, true),
        new Case("eTP Local ignored when not externally accessible", svc(CLUSTER, LOCAL, NONE, false), ZONE,
            List.of(e(1, NODE, "R"), e(2, "n2", "R")), "1,2", "", "1,2", true, true),
        new Case("iTP Local, eTP Cluster, some local", svc(LOCAL, CLUSTER, NONE, true), ZONE,
            List.of(e(1, NODE, "R"), e(2, "n2", "R"), e(3, NODE, "-")), "1,2", "1", "1,2", true, true),
        new Case("iTP Cluster, eTP Local, all remote", svc(CLUSTER, LOCAL, NONE, true), ZONE,
            List.of(e(1, "n2", "R"), e(2, "n3", "R")), "1,2", "", "1,2", true, false),
        new Case("iTP Cluster, eTP Local, all remote and serving-terminating", svc(CLUSTER, LOCAL, NONE, true), ZONE,
            List.of(e(1, "n2", "ST"), e(2, "n3", "ST"), e(3, "n3", "T")), "1,2", "", "1,2", true, false),
        new Case("eTP Local prefers local ready over local terminating", svc(CLUSTER, LOCAL, NONE, true), ZONE,
            List.of(e(1, NODE, "R"), e(2, NODE, "ST"), e(3, "n2", "R"), e(4, "n2", "ST")),
            "1,3", "1", "1,3", true, true),
        new Case("eTP Local falls back to local serving-terminating", svc(CLUSTER, LOCAL, NONE, true), ZONE,
            List.of(e(1, NODE, "ST"), e(2, NODE, "T"), e(3, "n2", "R")), "3", "1", "3,1", true, false),
        new Case("Cluster prefers ready anywhere over terminating", plain, ZONE,
            List.of(e(1, NODE, "ST"), e(2, "n2", "R"), e(3, "n3", "-")), "2", "", "2", true, false),
        new Case("only not-ready or terminating-not-serving endpoints: none, and none exist", svc(CLUSTER, LOCAL, NONE, true), ZONE,
            List.of(e(1, NODE, "-"), e(2, "n2", "T")), "", "", "", false, false),
        new Case("no ready endpoints: hints off, all serving-terminating endpoints", zoneSvc, ZONE,
            List.of(e(1, "n1", "ST", "zone-b", ""), e(2, "n2", "ST", "zone-a", "")), "1,2", "", "1,2", true, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void categorizesLikeKubeProxy(Case c) {
    Categorized r = EndpointCategorizer.categorize(c.service(), NODE, c.zone(), c.endpoints());
    assertThat(octets(r.clusterEndpoints())).as("cluster").isEqualTo(c.cluster());
    assertThat(octets(r.localEndpoints())).as("local").isEqualTo(c.local());
    assertThat(octets(r.allReachableEndpoints())).as("allReachable").isEqualTo(c.allReachable());
    assertThat(r.hasAnyEndpoints()).as("hasAny").isEqualTo(c.hasAny());
    assertThat(r.hasLocalReadyEndpoints()).as("hasLocalReady").isEqualTo(c.localReady());
    assertThat(r.internalEndpoints()).isEqualTo(
        c.service().internalPolicy() == LOCAL ? r.localEndpoints() : r.clusterEndpoints());
    assertThat(r.externalEndpoints()).isEqualTo(!c.service().externallyAccessible() ? List.of()
        : c.service().externalPolicy() == LOCAL ? r.localEndpoints() : r.clusterEndpoints());
  }

  @Test
  void policiesAndDistributionsParseKubernetesValues() {
    assertThat(TrafficPolicy.parse("Local")).isEqualTo(LOCAL);
    assertThat(TrafficPolicy.parse(null)).isEqualTo(CLUSTER);
    assertThat(TrafficDistribution.parse("PreferClose")).isEqualTo(PREFER_SAME_ZONE);
    assertThat(TrafficDistribution.parse("PreferSameNode")).isEqualTo(PREFER_SAME_NODE);
    assertThatThrownBy(() -> TrafficDistribution.parse("Nearest")).hasMessageContaining("'Nearest'");
    assertThatThrownBy(() -> TrafficPolicy.parse("local")).hasMessageContaining("Cluster | Local");
  }

  static String octets(List<Endpoint> eps) {
    return eps.stream().map(x -> x.address().getAddress().getHostAddress())
        .map(ip -> ip.substring(ip.lastIndexOf('.') + 1)).collect(Collectors.joining(","));
  }

}
