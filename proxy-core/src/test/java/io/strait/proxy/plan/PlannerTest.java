package io.strait.proxy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.EndpointPort;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.ServiceType;
import io.strait.proxy.model.SliceInfo;
import io.strait.lb.TrafficPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
    static final PlannerConfig NODE_A = new PlannerConfig("node-a", List.of(ip("192.168.0.10")), io.strait.lb.Algorithm.ROUND_ROBIN);

    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    static ServiceInfo service(String name, ServiceType type, String clusterIp, int port, int nodePort,
                               TrafficPolicy external, TrafficPolicy internal) {
        return new ServiceInfo(new ServiceName("default", name), type, List.of(ip(clusterIp)), List.of(ip("192.0.2.1")),
                List.of(), List.of(new ServicePort("http", Protocol.TCP, port, nodePort, 0)), null, external, internal,
                io.strait.lb.TrafficDistribution.NONE, 0, List.of(), Map.of());
    }

    static EndpointAddress endpoint(String ip, String node, boolean ready, boolean serving, boolean terminating) {
        return new EndpointAddress(ip(ip), node, null, ready, serving, terminating, Set.of(), Set.of());
    }

    static SliceInfo slice(String svc, List<EndpointAddress> endpoints) {
        return new SliceInfo(new ServiceName("default", svc), svc + "-1",
                List.of(new EndpointPort("http", Protocol.TCP, 8080)), endpoints, null);
    }

    static List<String> endpointsFor(DataplanePlan plan, String ip, int port) {
        RouteSpec r = plan.routes().get(new Frontend(Protocol.TCP, new InetSocketAddress(ip(ip), port)));
        return r == null ? null : r.endpoints().stream().map(io.strait.lb.Endpoint::key).toList();
    }

    @Test
    void clusterIpExternalIpAndNodePortFrontends() {
        var svc = service("web", ServiceType.NODE_PORT, "10.96.0.10", 80, 30080, TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER);
        var state = new ClusterState(Map.of(svc.name(), svc), Map.of(svc.name(), List.of(slice("web", List.of(
                endpoint("10.244.1.5", "node-a", true, true, false),
                endpoint("10.244.2.5", "node-b", true, true, false))))), null);
        DataplanePlan plan = Planner.plan(state, NODE_A, DataplanePlan.EMPTY);
        assertThat(plan.routes()).hasSize(3);
        assertThat(endpointsFor(plan, "10.96.0.10", 80)).containsExactly("10.244.1.5:8080", "10.244.2.5:8080");
        assertThat(endpointsFor(plan, "192.0.2.1", 80)).hasSize(2);
        assertThat(endpointsFor(plan, "192.168.0.10", 30080)).hasSize(2);
        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void externalLocalPolicyKeepsOnlyThisNodesEndpointsForExternalTraffic() {
        var svc = service("web", ServiceType.NODE_PORT, "10.96.0.10", 80, 30080, TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER);
        var state = new ClusterState(Map.of(svc.name(), svc), Map.of(svc.name(), List.of(slice("web", List.of(
                endpoint("10.244.1.5", "node-a", true, true, false),
                endpoint("10.244.2.5", "node-b", true, true, false))))), null);
        DataplanePlan plan = Planner.plan(state, NODE_A, DataplanePlan.EMPTY);
        assertThat(endpointsFor(plan, "10.96.0.10", 80)).hasSize(2);
        assertThat(endpointsFor(plan, "192.168.0.10", 30080)).containsExactly("10.244.1.5:8080");
        var onB = Planner.plan(state, new PlannerConfig("node-c", NODE_A.nodePortAddresses(), io.strait.lb.Algorithm.ROUND_ROBIN), DataplanePlan.EMPTY);
        assertThat(endpointsFor(onB, "192.168.0.10", 30080)).isEmpty(); // no local endpoint: reject
    }

    @Test
    void terminatingServingEndpointsAreUsedOnlyWhenNoneIsReady() {
        var svc = service("web", ServiceType.CLUSTER_IP, "10.96.0.10", 80, 0, TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER);
        var mixed = new ClusterState(Map.of(svc.name(), svc), Map.of(svc.name(), List.of(slice("web", List.of(
                endpoint("10.244.1.5", "node-a", true, true, false),
                endpoint("10.244.1.6", "node-a", false, true, true),
                endpoint("10.244.1.7", "node-a", false, false, false))))), null);
        assertThat(endpointsFor(Planner.plan(mixed, NODE_A, DataplanePlan.EMPTY), "10.96.0.10", 80))
                .containsExactly("10.244.1.5:8080");
        var draining = new ClusterState(Map.of(svc.name(), svc), Map.of(svc.name(), List.of(slice("web", List.of(
                endpoint("10.244.1.6", "node-a", false, true, true),
                endpoint("10.244.1.7", "node-a", false, false, true))))), null);
        assertThat(endpointsFor(Planner.plan(draining, NODE_A, DataplanePlan.EMPTY), "10.96.0.10", 80))
                .containsExactly("10.244.1.6:8080");
    }

    @Test
    void portClashKeepsThePreviousOwnerAndNamesBoth() {
        var a = service("a", ServiceType.CLUSTER_IP, "10.96.0.10", 80, 0, TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER);
        var b = service("b", ServiceType.CLUSTER_IP, "10.96.0.10", 80, 0, TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER);
        var onlyB = new ClusterState(Map.of(b.name(), b), Map.of(), null);
        DataplanePlan first = Planner.plan(onlyB, NODE_A, DataplanePlan.EMPTY);
        var both = new ClusterState(Map.of(a.name(), a, b.name(), b), Map.of(), null);
        DataplanePlan second = Planner.plan(both, NODE_A, first);
        RouteSpec owner = second.routes().get(new Frontend(Protocol.TCP, new InetSocketAddress(ip("10.96.0.10"), 80)));
        assertThat(owner.service().service().name()).isEqualTo("b");
        // both the ClusterIP and the shared external IP clash; a loses both, b keeps serving
        assertThat(second.problems()).hasSize(2).allSatisfy(p -> {
            assertThat(p.object()).isEqualTo("Service default/a");
            assertThat(p.field()).isEqualTo("spec.ports[0].port");
            assertThat(p.message()).contains("already served by default/b");
        });
        assertThat(second.problems().get(0).message() + second.problems().get(1).message())
                .contains("10.96.0.10:80/TCP").contains("192.0.2.1:80/TCP");
    }

    @Test
    void aServicePortWithNoMatchingSlicePortIsReported() {
        var svc = service("web", ServiceType.CLUSTER_IP, "10.96.0.10", 80, 0, TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER);
        var slice = new SliceInfo(svc.name(), "web-1", List.of(new EndpointPort("web", Protocol.TCP, 8080)),
                List.of(endpoint("10.244.1.5", "node-a", true, true, false)), null);
        DataplanePlan plan = Planner.plan(new ClusterState(Map.of(svc.name(), svc), Map.of(svc.name(), List.of(slice)), null),
                NODE_A, DataplanePlan.EMPTY);
        assertThat(endpointsFor(plan, "10.96.0.10", 80)).isEmpty();
        assertThat(plan.problems()).singleElement().satisfies(p -> assertThat(p.toString())
                .contains("spec.ports[0].name").contains("no EndpointSlice port is named \"http\""));
    }

    @Test
    void anEndpointListedInTwoSlicesCountsOnce() {
        var svc = service("web", ServiceType.CLUSTER_IP, "10.96.0.10", 80, 0, TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER);
        var s1 = slice("web", List.of(endpoint("10.244.1.5", "node-a", true, true, false)));
        var s2 = new SliceInfo(svc.name(), "web-2", s1.ports(), List.of(endpoint("10.244.1.5", "node-a", true, true, false)), null);
        DataplanePlan plan = Planner.plan(new ClusterState(Map.of(svc.name(), svc), Map.of(svc.name(), List.of(s1, s2)), null),
                NODE_A, DataplanePlan.EMPTY);
        assertThat(endpointsFor(plan, "10.96.0.10", 80)).containsExactly("10.244.1.5:8080");
    }

    @Test
    void unchangedServicesKeepTheirRoutesAndChangedOnesAreReplanned() {
        var web = service("web", ServiceType.CLUSTER_IP, "10.96.0.10", 80, 0, TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER);
        var api = service("api", ServiceType.CLUSTER_IP, "10.96.0.11", 80, 0, TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER);
        var webSlice = slice("web", List.of(endpoint("10.244.1.5", "node-a", true, true, false)));
        var apiSlice = slice("api", List.of(endpoint("10.244.1.6", "node-a", true, true, false)));
        var first = Planner.plan(new ClusterState(Map.of(web.name(), web, api.name(), api),
                Map.of(web.name(), List.of(webSlice), api.name(), List.of(apiSlice)), null), NODE_A, DataplanePlan.EMPTY);
        var apiScaled = slice("api", List.of(endpoint("10.244.1.6", "node-a", true, true, false),
                endpoint("10.244.1.7", "node-a", true, true, false)));
        var second = Planner.plan(new ClusterState(Map.of(web.name(), web, api.name(), api),
                Map.of(web.name(), List.of(webSlice), api.name(), List.of(apiScaled)), null), NODE_A, first);
        Frontend webFe = new Frontend(Protocol.TCP, new InetSocketAddress(ip("10.96.0.10"), 80));
        Frontend apiFe = new Frontend(Protocol.TCP, new InetSocketAddress(ip("10.96.0.11"), 80));
        assertThat(second.routes().get(webFe)).isSameAs(first.routes().get(webFe));
        assertThat(second.services().get(web.name())).isSameAs(first.services().get(web.name()));
        assertThat(second.routes().get(apiFe)).isNotEqualTo(first.routes().get(apiFe));
        assertThat(endpointsFor(second, "10.96.0.11", 80)).containsExactly("10.244.1.6:8080", "10.244.1.7:8080");
        // a new config (e.g. another node name) replans everything
        var third = Planner.plan(new ClusterState(Map.of(web.name(), web, api.name(), api),
                Map.of(web.name(), List.of(webSlice), api.name(), List.of(apiScaled)), null),
                new PlannerConfig("node-b", NODE_A.nodePortAddresses(), io.strait.lb.Algorithm.ROUND_ROBIN), second);
        assertThat(third.services().get(web.name())).isNotSameAs(second.services().get(web.name()));
    }
}
