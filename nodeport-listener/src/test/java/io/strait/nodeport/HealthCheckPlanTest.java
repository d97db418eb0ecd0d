package io.strait.nodeport;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.lb.TrafficDistribution;
import io.strait.lb.TrafficPolicy;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.EndpointPort;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.ServiceType;
import io.strait.proxy.model.SliceInfo;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthCheckPlanTest {
    static final ServiceName WEB = new ServiceName("shop", "web");
    static final ServiceName API = new ServiceName("shop", "api");

    static ServiceInfo svc(ServiceName name, ServiceType type, TrafficPolicy etp, int hcnp, int nodePort) {
        return new ServiceInfo(name, type, List.of(InetAddress.ofLiteral("10.96.0.10")), List.of(), List.of(),
                List.of(new ServicePort("http", Protocol.TCP, 80, nodePort, 8080), new ServicePort("https", Protocol.TCP, 443, 0, 8443)),
                null, etp, TrafficPolicy.CLUSTER, TrafficDistribution.NONE, hcnp, List.of(), Map.of());
    }

    static EndpointAddress ep(String ip, String node, boolean ready) {
        return new EndpointAddress(InetAddress.ofLiteral(ip), node, null, ready, ready, !ready, Set.of(), Set.of());
    }

    static ClusterState state(List<ServiceInfo> services, ServiceName sliced, EndpointAddress... eps) {
        Map<ServiceName, ServiceInfo> byName = new HashMap<>();
        services.forEach(s -> byName.put(s.name(), s));
        List<EndpointPort> ports = List.of(new EndpointPort("http", Protocol.TCP, 8080), new EndpointPort("https", Protocol.TCP, 8443));
        return new ClusterState(byName, Map.of(sliced, List.of(
                new SliceInfo(sliced, sliced.name() + "-1", ports, Arrays.asList(eps), null),
                new SliceInfo(sliced, sliced.name() + "-2", ports, List.of(eps[0]), null))), null);
    }

    @Test
    void countsDistinctReadyLocalEndpointsAcrossPortsAndSlices() {
        ClusterState s = state(List.of(svc(WEB, ServiceType.LOAD_BALANCER, TrafficPolicy.LOCAL, 32000, 30080)), WEB,
                ep("10.244.1.5", "node-a", true), ep("10.244.1.6", "node-a", true),
                ep("10.244.1.7", "node-a", false), ep("10.244.2.5", "node-b", true));
        assertThat(HealthCheckPlan.desired(s, "node-a").servers()).isEqualTo(Map.of(32000, new ServiceHealth(WEB, 2)));
        assertThat(HealthCheckPlan.desired(s, "node-b").servers()).isEqualTo(Map.of(32000, new ServiceHealth(WEB, 1)));
        assertThat(HealthCheckPlan.desired(s, "node-c").servers()).isEqualTo(Map.of(32000, new ServiceHealth(WEB, 0)));
    }

    @Test
    void onlyLoadBalancersWithLocalPolicyAndAPort() {
        for (ServiceInfo svc : List.of(svc(WEB, ServiceType.LOAD_BALANCER, TrafficPolicy.CLUSTER, 32000, 30080),
                svc(WEB, ServiceType.NODE_PORT, TrafficPolicy.LOCAL, 32000, 30080),
                svc(WEB, ServiceType.LOAD_BALANCER, TrafficPolicy.LOCAL, 0, 30080))) {
            assertThat(HealthCheckPlan.desired(state(List.of(svc), WEB, ep("10.244.1.5", "a", true)), "a").servers()).isEmpty();
        }
    }

    @Test
    void clashesAreReportedNamingBothServices() {
        ClusterState s = state(List.of(svc(WEB, ServiceType.LOAD_BALANCER, TrafficPolicy.LOCAL, 32000, 30080),
                svc(API, ServiceType.LOAD_BALANCER, TrafficPolicy.LOCAL, 32000, 30081)), WEB, ep("10.244.1.5", "a", true));
        HealthCheckPlan.Desired d = HealthCheckPlan.desired(s, "a");
        assertThat(d.servers()).containsOnlyKeys(32000);
        assertThat(d.servers().get(32000).service()).isEqualTo(API); // first by name
        assertThat(d.problems()).singleElement().asString()
                .contains("Service shop/web", "spec.healthCheckNodePort", "32000", "Service shop/api");

        ClusterState np = state(List.of(svc(WEB, ServiceType.LOAD_BALANCER, TrafficPolicy.LOCAL, 30081, 30080),
                svc(API, ServiceType.NODE_PORT, TrafficPolicy.CLUSTER, 0, 30081)), WEB, ep("10.244.1.5", "a", true));
        assertThat(HealthCheckPlan.desired(np, "a").problems()).singleElement().asString()
                .contains("Service shop/web", "NodePort of Service shop/api");
    }

    @Test
    void responseIsKubeProxysByteForByte() {
        HealthCheckResponse ok = HealthCheckResponse.of(new ServiceHealth(WEB, 2), true);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.weight()).isEqualTo(2);
        assertThat(new String(ok.body())).isEqualTo("{\n\t\"service\": {\n\t\t\"namespace\": \"shop\",\n\t\t\"name\": \"web\"\n"
                + "\t},\n\t\"localEndpoints\": 2,\n\t\"serviceProxyHealthy\": true\n}");
        assertThat(HealthCheckResponse.of(new ServiceHealth(WEB, 0), true).status()).isEqualTo(503);
        HealthCheckResponse unhealthy = HealthCheckResponse.of(new ServiceHealth(WEB, 3), false);
        assertThat(unhealthy.status()).isEqualTo(503);
        assertThat(new String(unhealthy.body())).contains("\"localEndpoints\": 3", "\"serviceProxyHealthy\": false");
    }
}
