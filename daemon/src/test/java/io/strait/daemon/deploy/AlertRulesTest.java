package io.strait.daemon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules: the PrometheusRule in deploy/monitoring holds exactly the plain rules file's
 * groups, the rules cover what operators must hear about, and {@code promtool check rules}
 * accepts them (skipped where promtool is not installed: Debian package prometheus).
 */
class AlertRulesTest {
    static final Path RULES = DeployManifests.MONITORING.resolve("strait-rules.yml");
    private static final Path PROMETHEUS_RULE = DeployManifests.MONITORING.resolve("prometheusrule.yaml");

    @Test
    void thePrometheusRuleHoldsThePlainRulesFilesGroups() {
        Map<String, Object> rule = DeployManifests.map(PROMETHEUS_RULE);
        assertThat(rule).containsEntry("apiVersion", "monitoring.coreos.com/v1").containsEntry("kind", "PrometheusRule");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) rule.get("spec");
        assertThat(spec).isEqualTo(DeployManifests.map(RULES));
    }

    @Test
    void theRulesCoverWhatOperatorsMustHearAbout() {
        assertThat(alerts()).containsKeys("StraitFlowTableNearlyFull", "StraitFlowTableRefusing", "StraitConfigProblems",
                "StraitSyncStuck", "StraitSyncStale", "StraitBgpSessionDown", "StraitServiceWithoutEndpoints");
        assertThat(alerts().get("StraitFlowTableNearlyFull")).contains("strait_flow_table_entries_limit");
        assertThat(alerts().get("StraitSyncStuck")).contains("strait_sync_proxy_rules_last_queued_timestamp_seconds");
        assertThat(alerts().get("StraitBgpSessionDown")).contains("strait_bgp_session_up");
        assertThat(alerts().get("StraitServiceWithoutEndpoints")).contains("strait_connections_refused_no_endpoint_total");
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool), "promtool is not installed (Debian package prometheus)");
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", RULES.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    /** Alert name to expression, from the plain file. */
    @SuppressWarnings("unchecked")
    static Map<String, String> alerts() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map<String, Object> g : (List<Map<String, Object>>) DeployManifests.map(RULES).get("groups")) {
            for (Map<String, Object> r : (List<Map<String, Object>>) g.get("rules")) {
                out.put((String) r.get("alert"), (String) r.get("expr"));
            }
        }
        return out;
    }
}
