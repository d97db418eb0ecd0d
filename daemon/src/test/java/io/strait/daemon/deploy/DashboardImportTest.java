package io.strait.daemon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard imports as the README says (Dashboards, Import, pick the Prometheus data source):
 * one datasource input, DS_PROMETHEUS, that every panel, query and variable refers to, and
 * {@code __requires} naming every panel type; and each histogram query has both forms, native
 * and classic ({@code _bucket}), so it returns data on either kind of Prometheus.
 */
class DashboardImportTest {
    private static final String INPUT = "${DS_PROMETHEUS}";
    private static final Pattern BUCKET = Pattern.compile("(strait_[a-z0-9_]+)_bucket\\b");

    @Test
    @SuppressWarnings("unchecked")
    void everyPanelQueryAndVariableUsesTheDatasourceInput() {
        Map<String, Object> d = dashboard();
        List<Map<String, Object>> inputs = (List<Map<String, Object>>) d.get("__inputs");
        assertThat(inputs).singleElement().satisfies(i -> assertThat(i).containsEntry("name", "DS_PROMETHEUS")
                .containsEntry("type", "datasource").containsEntry("pluginId", "prometheus"));
        List<Map<String, Object>> panels = (List<Map<String, Object>>) d.get("panels");
        Set<String> types = new TreeSet<>();
        int queries = 0;
        for (Map<String, Object> p : panels) {
            if ("row".equals(p.get("type"))) {
                assertThat(p).as("row %s", p.get("title")).doesNotContainKey("targets");
                continue;
            }
            types.add((String) p.get("type"));
            assertThat(uid(p)).as("panel %s", p.get("title")).isEqualTo(INPUT);
            List<Map<String, Object>> targets = (List<Map<String, Object>>) p.get("targets");
            assertThat(targets).as("panel %s", p.get("title")).isNotEmpty();
            for (Map<String, Object> t : targets) {
                assertThat(uid(t)).as("query %s of %s", t.get("refId"), p.get("title")).isEqualTo(INPUT);
                queries++;
            }
        }
        assertThat(queries).isGreaterThan(30);
        for (Map<String, Object> v : (List<Map<String, Object>>) ((Map<String, Object>) d.get("templating")).get("list")) {
            assertThat(v.get("type")).as("variable %s", v.get("name")).isNotEqualTo("datasource");
            assertThat(uid(v)).as("variable %s", v.get("name")).isEqualTo(INPUT);
        }
        Set<String> required = new TreeSet<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) d.get("__requires")) {
            required.add(r.get("type") + ":" + r.get("id"));
        }
        assertThat(required).contains("datasource:prometheus", "grafana:grafana");
        types.forEach(t -> assertThat(required).contains("panel:" + t));
        assertThat(DeployManifests.read(DeployManifests.ROOT.resolve("grafana/strait-dashboard.json")))
                .doesNotContain("${datasource}");
    }

    @Test
    void everyHistogramQueryHasItsNativeAndItsClassicForm() {
        Set<String> histograms = new TreeSet<>();
        for (String expr : expressions()) {
            Matcher m = BUCKET.matcher(expr);
            while (m.find()) {
                String name = m.group(1);
                histograms.add(name);
                assertThat(expr).as(expr).containsPattern(Pattern.quote(name) + "[{\\[]").contains(" or ");
            }
        }
        assertThat(histograms).contains("strait_connection_duration_seconds", "strait_backend_connect_duration_seconds",
                "strait_backend_first_byte_duration_seconds", "strait_sync_proxy_rules_duration_seconds",
                "strait_network_programming_duration_seconds");
    }

    @Test
    void thePanelsTheReadmeTellsOperatorsToWatchExist() {
        String all = String.join("\n", expressions());
        assertThat(all).contains("strait_flow_table_entries / strait_flow_table_entries_limit",
                "strait_flow_table_refused_full_total", "strait_endpoint_backoffs_total",
                "strait_connections_refused_no_endpoint_total{protocol=\"UDP\"",
                "strait_sync_proxy_rules_service_changes_pending", "strait_sync_proxy_rules_endpoint_changes_pending",
                "strait_sync_proxy_rules_last_timestamp_seconds", "strait_sync_proxy_rules_last_queued_timestamp_seconds",
                "strait_build_info");
    }

    /** Every PromQL expression of the dashboard's panels. */
    @SuppressWarnings("unchecked")
    static List<String> expressions() {
        List<String> out = new java.util.ArrayList<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) dashboard().get("panels")) {
            for (Map<String, Object> t : (List<Map<String, Object>>) p.getOrDefault("targets", List.of())) {
                out.add((String) t.get("expr"));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> dashboard() {
        return new KubernetesSerialization().unmarshal(
                DeployManifests.read(DeployManifests.ROOT.resolve("grafana/strait-dashboard.json")), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Object uid(Map<String, Object> o) {
        Object ds = o.get("datasource");
        return ds instanceof Map<?, ?> m ? ((Map<String, Object>) m).get("uid") : ds;
    }
}
