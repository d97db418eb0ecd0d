package io.strait.proxy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.lb.TrafficDistribution;
import io.strait.lb.TrafficPolicy;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.ServiceType;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Headless and ExternalName Services reach the snapshot for DNS but are never proxied (as kube-proxy). */
class DnsOnlyServicesTest {
    static ServiceInfo dnsOnly(String name, ServiceType type, String externalName) {
        return new ServiceInfo(new ServiceName("default", name), type, List.of(),
                List.of(InetAddress.ofLiteral("192.0.2.9")), List.of(),
                List.of(new ServicePort("http", Protocol.TCP, 80, 0, 8080)), null, TrafficPolicy.CLUSTER,
                TrafficPolicy.CLUSTER, TrafficDistribution.NONE, 0, List.of(), Map.of(), null, externalName, false);
    }

    @Test
    void headlessAndExternalNameServicesGetNoFrontendsAndNoProblems() {
        ServiceInfo headless = dnsOnly("db", ServiceType.CLUSTER_IP, null);
        ServiceInfo external = dnsOnly("ext", ServiceType.EXTERNAL_NAME, "example.org");
        var state = new ClusterState(Map.of(headless.name(), headless, external.name(), external),
                Map.of(headless.name(), List.of(PlannerTest.slice("db", List.of(
                        PlannerTest.endpoint("10.244.1.5", "node-a", true, true, false))))), null);
        DataplanePlan plan = Planner.plan(state, PlannerTest.NODE_A, DataplanePlan.EMPTY);
        assertThat(plan.routes()).isEmpty();
        assertThat(plan.problems()).isEmpty();
    }
}
