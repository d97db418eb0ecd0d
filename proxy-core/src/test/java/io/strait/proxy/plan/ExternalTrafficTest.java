package io.strait.proxy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.proxy.problem.Problem;
import io.strait.lb.TrafficDistribution;
import io.strait.lb.TrafficPolicy;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.ServiceType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planning of loadBalancerSourceRanges and the PROXY protocol annotation. */
class ExternalTrafficTest {
    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    static ServiceInfo lb(List<String> ranges, Map<String, String> annotations, Protocol protocol) {
        return new ServiceInfo(FlowTraceTest.WEB, ServiceType.LOAD_BALANCER, List.of(ip("10.96.0.10")),
                List.of(ip("192.0.2.50")), List.of(ip("192.0.2.80")),
                List.of(new ServicePort("http", protocol, 80, 30080, 8080)), null, TrafficPolicy.CLUSTER,
                TrafficPolicy.CLUSTER, TrafficDistribution.NONE, 0, ranges, annotations);
    }

    static DataplanePlan plan(ServiceInfo svc) {
        return Planner.plan(FlowTraceTest.state(svc, FlowTraceTest.ep("10.244.1.5", "node-a", true, true, false)),
                FlowTraceTest.CONFIG, DataplanePlan.EMPTY);
    }

    static RouteSpec route(DataplanePlan plan, Protocol protocol, String ip, int port) {
        return plan.routes().get(new Frontend(protocol, new InetSocketAddress(ip(ip), port)));
    }

    @Test
    void sourceRangesApplyToTheLoadBalancerIpOnlyAsKubeProxy() {
        DataplanePlan plan = plan(lb(List.of("203.0.113.0/24", " 198.51.100.7/32 "), Map.of(), Protocol.TCP));
        SourceRanges lbRanges = route(plan, Protocol.TCP, "192.0.2.80", 80).sourceRanges();
        assertThat(lbRanges.allows(ip("203.0.113.9"))).isTrue();
        assertThat(lbRanges.allows(ip("198.51.100.7"))).isTrue();
        assertThat(lbRanges.allows(ip("198.51.100.8"))).isFalse();
        assertThat(route(plan, Protocol.TCP, "192.168.1.10", 30080).sourceRanges()).isEqualTo(SourceRanges.ANY);
        assertThat(route(plan, Protocol.TCP, "192.0.2.50", 80).sourceRanges()).isEqualTo(SourceRanges.ANY);
        assertThat(route(plan, Protocol.TCP, "10.96.0.10", 80).sourceRanges()).isEqualTo(SourceRanges.ANY);
        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void anInvalidRangeIsReportedOnTheServiceAndFieldAndAllInvalidFailsClosed() {
        DataplanePlan plan = plan(lb(List.of("10.0.0.0/8", "10.0.0.0/33", "bogus"), Map.of(), Protocol.TCP));
        assertThat(plan.problems()).extracting(Problem::field)
                .containsExactly("spec.loadBalancerSourceRanges[1]", "spec.loadBalancerSourceRanges[2]");
        assertThat(plan.problems().getFirst().object()).isEqualTo("Service " + FlowTraceTest.WEB);
        assertThat(route(plan, Protocol.TCP, "192.0.2.80", 80).sourceRanges().allows(ip("10.1.1.1"))).isTrue();

        DataplanePlan closed = plan(lb(List.of("nope"), Map.of(), Protocol.TCP));
        assertThat(closed.problems()).extracting(Problem::field)
                .contains("spec.loadBalancerSourceRanges");
        assertThat(route(closed, Protocol.TCP, "192.0.2.80", 80).sourceRanges().allows(ip("10.1.1.1"))).isFalse();
    }

    @Test
    void proxyProtocolAnnotationOnEveryTcpFrontend() {
        DataplanePlan plan = plan(lb(List.of(), Map.of(ProxyProtocol.ANNOTATION, "v2"), Protocol.TCP));
        assertThat(plan.routes().values()).extracting(RouteSpec::proxyProtocol).containsOnly(ProxyProtocol.V2);
        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void unknownProxyProtocolIsReportedAndIgnored() {
        DataplanePlan plan = plan(lb(List.of(), Map.of(ProxyProtocol.ANNOTATION, "v3"), Protocol.TCP));
        assertThat(plan.routes().values()).extracting(RouteSpec::proxyProtocol).containsOnly(ProxyProtocol.NONE);
        assertThat(plan.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("metadata.annotations[strait.io/proxy-protocol]");
            assertThat(p.message()).contains("v3", "v1, v2");
        });
    }

    @Test
    void proxyProtocolOnAUdpPortIsReportedAndNotSent() {
        DataplanePlan plan = plan(lb(List.of(), Map.of(ProxyProtocol.ANNOTATION, "v1"), Protocol.UDP));
        assertThat(plan.routes().values()).extracting(RouteSpec::proxyProtocol).containsOnly(ProxyProtocol.NONE);
        assertThat(plan.problems()).extracting(Problem::field).contains("spec.ports[0].protocol");
    }
}
