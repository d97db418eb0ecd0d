package io.strait.daemon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strait.allocator.k8s.MockApiServer;
import io.strait.daemon.ProxyOptions;
import io.strait.daemon.kubernetes.KubernetesProxy;
import io.strait.proxy.dataplane.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric the Grafana dashboard and the alert rules query is exported: Kubernetes mode runs against fabric8's
 * mock API server with one Service (a TCP and a UDP port), and the names in the dashboard's PromQL must all appear in
 * {@code /metrics}.
 */
class DashboardMetricsTest {
    /**
     * Not exported by this test's instance: the pool gauges exist only where allocation runs
     * (standalone with pools, or proxy --allocate-load-balancers; LoadBalancerStandaloneIT checks
     * them), and the BGP speaker is not yet driven by the daemon, so no session gauge exists.
     */
    private static final Set<String> NOT_YET_EXPORTED = Set.of(
            "strait_pool_addresses_in_use", "strait_pool_addresses", "strait_bgp_session_up", "strait_config_stale");
    private static final Pattern METRIC = Pattern.compile("\\bstrait_[a-z0-9_]+");

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws Exception {
        Set<String> queried = dashboardMetrics();
        assertThat(queried).contains("strait_connections_accepted_total",
                "strait_backend_connect_duration_seconds_bucket", "strait_network_programming_duration_seconds_bucket");
        Set<String> exported = exportedMetrics(scrape());
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exported);
        // A histogram's native form has its bare name: exported where its classic _bucket series is.
        missing.removeIf(name -> exported.contains(name + "_bucket"));
        assertThat(missing).as("queried by the dashboard but not in /metrics").isSubsetOf(NOT_YET_EXPORTED);
        assertThat(exported).doesNotContainAnyElementsOf(NOT_YET_EXPORTED)
                .as("exported now: remove from NOT_YET_EXPORTED");
    }

    /** kube-proxy's change and queue metrics carry Kubernetes mode's events (one Service, one slice). */
    @Test
    void kubernetesModeCountsChangesAndQueueing() throws Exception {
        String text = scrape();
        assertThat(value(text, "strait_sync_proxy_rules_service_changes_total"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(text, "strait_sync_proxy_rules_endpoint_changes_total"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(text, "strait_sync_proxy_rules_last_queued_timestamp_seconds"))
                .isGreaterThan(Instant.now().minusSeconds(120).getEpochSecond());
        assertThat(value(text, "strait_network_programming_duration_seconds_count"))
                .as("the slice's last-change-trigger-time").isGreaterThanOrEqualTo(1);
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(series + " in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    @SuppressWarnings("unchecked")
    static Set<String> dashboardMetrics() {
        Map<String, Object> dashboard = new KubernetesSerialization().unmarshal(
                DeployManifests.read(DeployManifests.ROOT.resolve("grafana/strait-dashboard.json")), Map.class);
        assertThat(dashboard).containsKeys("panels", "templating", "schemaVersion");
        Set<String> names = new TreeSet<>();
        collect(dashboard, names);
        collect(DeployManifests.map(AlertRulesTest.RULES), names); // the alert rules' expressions too
        return names;
    }

    private static void collect(Object node, Set<String> names) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (("expr".equals(k) || "definition".equals(k)) && v instanceof String s) {
                    Matcher m = METRIC.matcher(s);
                    while (m.find()) {
                        names.add(m.group());
                    }
                } else {
                    collect(v, names);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(e -> collect(e, names));
        }
    }

    static Set<String> exportedMetrics(String text) {
        Set<String> names = new TreeSet<>();
        text.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).forEach(names::add);
        return names;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.77.7"))) {
            return s.getLocalPort();
        }
    }

    private static String scrape() throws Exception {
        KubernetesMockServer server = MockApiServer.start();
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        ProxyOptions options = new ProxyOptions("node-1", any, any, List.of("127.0.0.1/32"), Transport.best(),
                io.strait.lb.Algorithm.ROUND_ROBIN, Duration.ofMillis(10), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
        try (KubernetesClient client = server.createClient();
             KubernetesProxy proxy = KubernetesProxy.start(client, options, null)) {
            client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withNamespace("shop")
                    .withName("web").endMetadata().withNewSpec().withType("ClusterIP").withClusterIP("127.0.77.7")
                    .withClusterIPs("127.0.77.7").addNewPort().withName("http").withPort(freePort()).withProtocol("TCP").endPort()
                    .addNewPort().withName("dns").withPort(freePort()).withProtocol("UDP").endPort()
                    .endSpec().build()).create();
            client.discovery().v1().endpointSlices().inNamespace("shop").resource(new EndpointSliceBuilder()
                    .withNewMetadata().withNamespace("shop").withName("web-1")
                    .withLabels(Map.of("kubernetes.io/service-name", "web"))
                    .withAnnotations(Map.of("endpoints.kubernetes.io/last-change-trigger-time", Instant.now().toString()))
                    .endMetadata().withAddressType("IPv4")
                    .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                    .addNewPort().withName("dns").withPort(8053).withProtocol("UDP").endPort()
                    .withEndpoints(new EndpointBuilder().withAddresses("127.0.0.1").withNodeName("node-1")
                            .withNewConditions().withReady(true).endConditions().build()).build()).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> proxy.runtime().sync().lastResult() != null
                    && !proxy.runtime().sync().lastResult().plan().routes().isEmpty());
            URI uri = URI.create("http://127.0.0.1:" + proxy.runtime().http().metricsAddress().getPort() + "/metrics");
            try (HttpClient http = HttpClient.newHttpClient()) {
                return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
            }
        } finally {
            MockApiServer.destroy(server);
        }
    }
}
