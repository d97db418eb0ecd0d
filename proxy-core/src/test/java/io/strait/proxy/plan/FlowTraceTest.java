package io.strait.proxy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.EndpointPort;
import io.strait.proxy.model.NodeInfo;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.ServiceType;
import io.strait.proxy.model.SliceInfo;
import io.strait.lb.TrafficPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Flow traces through the planner: given Services, endpoints, this node and a (protocol,
 * destination), which endpoints may the flow reach — or is it refused (no frontend: nothing
 * listens) or rejected (a frontend with no eligible endpoint: RST / ICMP unreachable)?
 */
class FlowTraceTest {
    static final String NODE = "node-a";
    static final PlannerConfig CONFIG = new PlannerConfig(NODE, List.of(ip("192.168.1.10")), io.strait.lb.Algorithm.ROUND_ROBIN);
    static final ServiceName WEB = new ServiceName("shop", "web");

    sealed interface Trace {}

    record Refused() implements Trace {}

    record Rejected() implements Trace {}

    record Reaches(Set<String> endpoints) implements Trace {}

    static Trace trace(ClusterState state, Protocol protocol, String destination, int port) {
        DataplanePlan plan = Planner.plan(state, CONFIG, DataplanePlan.EMPTY);
        RouteSpec route = plan.routes().get(new Frontend(protocol, new InetSocketAddress(ip(destination), port)));
        if (route == null) {
            return new Refused();
        }
        if (route.endpoints().isEmpty()) {
            return new Rejected();
        }
        return new Reaches(Set.copyOf(route.endpoints().stream().map(io.strait.lb.Endpoint::key).toList()));
    }

    static Reaches reaches(String... endpoints) {
        return new Reaches(Set.of(endpoints));
    }

    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    static ServiceInfo web(ServiceType type, TrafficPolicy external, TrafficPolicy internal, List<String> externalIPs,
                           List<String> lbIPs) {
        return new ServiceInfo(WEB, type, List.of(ip("10.96.0.10")), externalIPs.stream().map(FlowTraceTest::ip).toList(),
                lbIPs.stream().map(FlowTraceTest::ip).toList(),
                List.of(new ServicePort("http", Protocol.TCP, 80, type == ServiceType.CLUSTER_IP ? 0 : 30080, 8080)),
                null, external, internal, io.strait.lb.TrafficDistribution.NONE, 0, List.of(), Map.of());
    }

    static ServiceInfo web(ServiceType type) {
        return web(type, TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, List.of(), List.of());
    }

    static EndpointAddress ep(String ip, String node, boolean ready, boolean serving, boolean terminating) {
        return new EndpointAddress(ip(ip), node, null, ready, serving, terminating, Set.of(), Set.of());
    }

    static ClusterState state(ServiceInfo svc, EndpointAddress... endpoints) {
        SliceInfo slice = new SliceInfo(WEB, "web-1", List.of(new EndpointPort("http", Protocol.TCP, 8080)),
                Arrays.asList(endpoints), null);
        return new ClusterState(Map.of(WEB, svc), endpoints.length == 0 ? Map.of() : Map.of(WEB, List.of(slice)),
                new NodeInfo(NODE, Map.of()));
    }

    static final EndpointAddress LOCAL = ep("10.244.1.5", NODE, true, true, false);
    static final EndpointAddress REMOTE = ep("10.244.2.7", "node-b", true, true, false);

    @Test
    void clusterIpReachesEveryReadyEndpoint() {
        ClusterState s = state(web(ServiceType.CLUSTER_IP), LOCAL, REMOTE, ep("10.244.3.1", "node-c", false, false, false));
        assertThat(trace(s, Protocol.TCP, "10.96.0.10", 80)).isEqualTo(reaches("10.244.1.5:8080", "10.244.2.7:8080"));
        assertThat(trace(s, Protocol.UDP, "10.96.0.10", 80)).as("no UDP port").isInstanceOf(Refused.class);
        assertThat(trace(s, Protocol.TCP, "10.96.0.10", 8080)).as("the target port is not a Service port").isInstanceOf(Refused.class);
        assertThat(trace(s, Protocol.TCP, "192.168.1.10", 30080)).as("ClusterIP Services get no NodePort").isInstanceOf(Refused.class);
    }

    @Test
    void nodePortAnswersOnNodeAddresses() {
        ClusterState s = state(web(ServiceType.NODE_PORT), LOCAL, REMOTE);
        assertThat(trace(s, Protocol.TCP, "192.168.1.10", 30080)).isEqualTo(reaches("10.244.1.5:8080", "10.244.2.7:8080"));
        assertThat(trace(s, Protocol.TCP, "192.168.1.11", 30080)).as("not a node address").isInstanceOf(Refused.class);
    }

    @Test
    void externalIpsAndLoadBalancerIpsAnswerLikeTheClusterIp() {
        ClusterState lb = state(web(ServiceType.LOAD_BALANCER, TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER,
                List.of("203.0.113.5"), List.of("198.51.100.7")), LOCAL, REMOTE);
        assertThat(trace(lb, Protocol.TCP, "203.0.113.5", 80)).isEqualTo(reaches("10.244.1.5:8080", "10.244.2.7:8080"));
        assertThat(trace(lb, Protocol.TCP, "198.51.100.7", 80)).isEqualTo(reaches("10.244.1.5:8080", "10.244.2.7:8080"));
        ClusterState notLb = state(web(ServiceType.NODE_PORT, TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER,
                List.of(), List.of("198.51.100.7")), LOCAL);
        assertThat(trace(notLb, Protocol.TCP, "198.51.100.7", 80)).as("ingress IPs only for type LoadBalancer")
                .isInstanceOf(Refused.class);
    }

    @Test
    void externalTrafficPolicyLocalKeepsExternalTrafficOnThisNodeOnly() {
        ClusterState s = state(web(ServiceType.LOAD_BALANCER, TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER,
                List.of("203.0.113.5"), List.of("198.51.100.7")), LOCAL, REMOTE);
        assertThat(trace(s, Protocol.TCP, "192.168.1.10", 30080)).isEqualTo(reaches("10.244.1.5:8080"));
        assertThat(trace(s, Protocol.TCP, "198.51.100.7", 80)).isEqualTo(reaches("10.244.1.5:8080"));
        assertThat(trace(s, Protocol.TCP, "203.0.113.5", 80)).isEqualTo(reaches("10.244.1.5:8080"));
        assertThat(trace(s, Protocol.TCP, "10.96.0.10", 80)).as("internal traffic is not affected")
                .isEqualTo(reaches("10.244.1.5:8080", "10.244.2.7:8080"));
        ClusterState noLocal = state(web(ServiceType.NODE_PORT, TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER,
                List.of(), List.of()), REMOTE);
        assertThat(trace(noLocal, Protocol.TCP, "192.168.1.10", 30080)).isInstanceOf(Rejected.class);
    }

    @Test
    void internalTrafficPolicyLocalWithoutLocalEndpointsRejects() {
        ClusterState s = state(web(ServiceType.NODE_PORT, TrafficPolicy.CLUSTER, TrafficPolicy.LOCAL, List.of(), List.of()), REMOTE);
        assertThat(trace(s, Protocol.TCP, "10.96.0.10", 80)).isInstanceOf(Rejected.class);
        assertThat(trace(s, Protocol.TCP, "192.168.1.10", 30080)).as("external traffic is not affected")
                .isEqualTo(reaches("10.244.2.7:8080"));
    }

    @Test
    void terminatingServingEndpointsAreUsedOnlyWhenNothingIsReady() {
        EndpointAddress draining = ep("10.244.1.9", NODE, false, true, true);
        EndpointAddress gone = ep("10.244.1.8", NODE, false, false, true);
        assertThat(trace(state(web(ServiceType.CLUSTER_IP), draining, gone, REMOTE), Protocol.TCP, "10.96.0.10", 80))
                .isEqualTo(reaches("10.244.2.7:8080"));
        assertThat(trace(state(web(ServiceType.CLUSTER_IP), draining, gone), Protocol.TCP, "10.96.0.10", 80))
                .isEqualTo(reaches("10.244.1.9:8080"));
        ClusterState local = state(web(ServiceType.NODE_PORT, TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, List.of(), List.of()),
                draining, REMOTE);
        assertThat(trace(local, Protocol.TCP, "192.168.1.10", 30080)).as("Local policy falls back to local terminating")
                .isEqualTo(reaches("10.244.1.9:8080"));
        assertThat(trace(state(web(ServiceType.CLUSTER_IP), gone), Protocol.TCP, "10.96.0.10", 80))
                .isInstanceOf(Rejected.class);
    }

    @Test
    void aServiceWithoutEndpointsRejectsRatherThanBlackHoles() {
        assertThat(trace(state(web(ServiceType.NODE_PORT)), Protocol.TCP, "10.96.0.10", 80)).isInstanceOf(Rejected.class);
        assertThat(trace(state(web(ServiceType.NODE_PORT)), Protocol.TCP, "192.168.1.10", 30080)).isInstanceOf(Rejected.class);
    }
}
