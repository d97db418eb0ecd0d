package io.strait.daemon.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * External traffic across real network namespaces: two nodes each running Strait standalone, pods
 * attached by the CNI bridge plugin on both, and external clients on the underlay.
 *
 * <pre>
 *   client-1 10.200.0.100 ─┐                 ┌─ node-a 10.200.0.11 ── cni0 ── pods a1, a2 (10.201.1.0/24)
 *   client-2 10.200.0.101 ─┴── br0 (underlay) ┴─ node-b 10.200.0.12 ── cni0 ── pods b1, b2 (10.201.2.0/24)
 * </pre>
 */
class ExternalTrafficNetnsIT {
    @RegisterExtension
    static final NetnsCluster cluster = new NetnsCluster();
    static final String SERVICE_CIDRS = "10.96.0.0/16,10.97.0.0/24";

    static Node nodeA;
    static Node nodeB;
    static Pod a1;
    static Pod a2;
    static Pod b1;
    static Pod b2;
    static Client allowed;
    static Client other;

    @BeforeAll
    static void cluster() throws Exception {
        nodeA = cluster.node("a");
        nodeB = cluster.node("b");
        a1 = cluster.pod(nodeA, "a1");
        a2 = cluster.pod(nodeA, "a2");
        b1 = cluster.pod(nodeB, "b1");
        b2 = cluster.pod(nodeB, "b2");
        allowed = cluster.client("1");
        other = cluster.client("2");
        cluster.route(allowed, "10.97.0.0/24", nodeA); // the LoadBalancer IPs are announced by node A
        cluster.route(other, "10.97.0.0/24", nodeA);
        writeEverywhere("web.yaml", Manifests.service("web", "NodePort", "10.96.0.10", 80, 8080, 30080, "", "", null)
                + Manifests.slice("web", 8080, List.of(a1, b1)));
        writeEverywhere("local.yaml", Manifests.service("local", "LoadBalancer", "10.96.0.11", 80, 8080, 30081,
                "externalTrafficPolicy: Local\nhealthCheckNodePort: 30201\n", "", "10.97.0.1")
                + Manifests.slice("local", 8080, List.of(a1, b1)));
        writeEverywhere("only-a.yaml", Manifests.service("only-a", "LoadBalancer", "10.96.0.12", 80, 8080, 30082,
                "externalTrafficPolicy: Local\nhealthCheckNodePort: 30202\nloadBalancerSourceRanges: [" + allowed.ip() + "/32]\n",
                "", "10.97.0.2") + Manifests.slice("only-a", 8080, List.of(a1)));
        writeEverywhere("proxied.yaml", Manifests.service("proxied", "NodePort", "10.96.0.13", 81, 8081, 30083, "",
                "strait.io/proxy-protocol: v1", null) + Manifests.slice("proxied", 8081, List.of(a1, b1)));
        writeEverywhere("moving.yaml", moving(a2));
        nodeA.startStrait(SERVICE_CIDRS);
        nodeB.startStrait(SERVICE_CIDRS);
        for (Node node : List.of(nodeA, nodeB)) {
            await("Strait serving on " + node).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                    .until(() -> !allowed.get(node.ip(), 30080).startsWith("ERR") || failedToStart(node));
            assertThat(failedToStart(node)).as(node.straitLog()).isFalse();
        }
    }

    static String moving(Pod endpoint) {
        return Manifests.service("moving", "NodePort", "10.96.0.14", 80, 8080, 30084, "externalTrafficPolicy: Local\n",
                "", null) + Manifests.slice("moving", 8080, List.of(endpoint));
    }

    static void writeEverywhere(String file, String yaml) {
        nodeA.write(file, yaml);
        nodeB.write(file, yaml);
    }

    static boolean failedToStart(Node node) {
        return node.straitLog().contains("Exception in thread \"main\"");
    }

    static Set<String> names(Client client, String host, int port, int tries) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tries; i++) {
            seen.add(client.get(host, port));
        }
        return seen;
    }

    @Test
    void podToClusterIpReachesPodsOnBothNodes() {
        assertThat(names(cluster.from(a2), "10.96.0.10", 80, 6)).containsExactlyInAnyOrder("a1", "b1");
        assertThat(names(cluster.from(b2), "10.96.0.10", 80, 6)).containsExactlyInAnyOrder("a1", "b1");
    }

    @Test
    void nodePortUnderClusterPolicyReachesPodsOnBothNodes() {
        assertThat(names(allowed, nodeA.ip(), 30080, 6)).containsExactlyInAnyOrder("a1", "b1");
    }

    @Test
    void nodePortUnderLocalPolicyReachesOnlyTheNodesOwnPodsAndRejectsWithoutOne() {
        assertThat(names(allowed, nodeA.ip(), 30081, 4)).containsExactly("a1");
        assertThat(names(allowed, nodeB.ip(), 30081, 4)).containsExactly("b1");
        assertThat(names(allowed, nodeA.ip(), 30082, 2)).containsExactly("a1");
        assertThat(allowed.get(nodeB.ip(), 30082)).startsWith("ERR ConnectionResetError");
    }

    @Test
    void healthCheckNodePortAnswers200WhereLocalEndpointsAre503Elsewhere() {
        String a = allowed.http("http://" + nodeA.ip() + ":30202/");
        assertThat(a).startsWith("HTTP/1.1 200")
                .containsIgnoringCase("X-Load-Balancing-Endpoint-Weight: 1")
                .containsIgnoringCase("Content-Type: application/json")
                .containsIgnoringCase("X-Content-Type-Options: nosniff")
                .contains("\"namespace\": \"default\"", "\"name\": \"only-a\"", "\"localEndpoints\": 1",
                        "\"serviceProxyHealthy\": true");
        String b = allowed.http("http://" + nodeB.ip() + ":30202/");
        assertThat(b).startsWith("HTTP/1.1 503").contains("\"localEndpoints\": 0");
        assertThat(allowed.http("http://" + nodeB.ip() + ":30201/")).startsWith("HTTP/1.1 200");
    }

    @Test
    void sourceRangesAdmitTheListedClientOnTheLoadBalancerIpOnly() {
        assertThat(allowed.get("10.97.0.2", 80)).isEqualTo("a1");
        assertThat(other.get("10.97.0.2", 80)).startsWith("ERR ConnectionResetError");
        assertThat(other.get("10.97.0.1", 80)).isEqualTo("a1"); // another LB IP without ranges
        assertThat(other.get(nodeA.ip(), 30082)).isEqualTo("a1"); // NodePorts are not filtered, as kube-proxy
    }

    @Test
    void proxyProtocolTellsTheBackendTheRealClient() {
        assertThat(allowed.send(nodeA.ip(), 30083))
                .matches("(a1|b1) PROXY TCP4 " + allowed.ip().replace(".", "\\.") + " 10\\.200\\.0\\.11 \\d+ 30083");
    }

    @Test
    void establishedConnectionsSurviveTheirEndpointMovingToAnotherNode() throws Exception {
        try (Client.Held held = allowed.hold(nodeA.ip(), 30084)) {
            assertThat(held.greeting()).isEqualTo("a2");
            writeEverywhere("moving.yaml", moving(b2)); // the endpoint now lives on node B
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> allowed.get(nodeB.ip(), 30084).equals("b2")
                            && allowed.get(nodeA.ip(), 30084).startsWith("ERR"));
            assertThat(held.exchange("still-there")).isEqualTo("a2:still-there");
        }
    }
}
