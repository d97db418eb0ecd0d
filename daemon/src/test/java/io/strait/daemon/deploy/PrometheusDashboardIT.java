package io.strait.daemon.deploy;

import static io.strait.proxy.testing.Clients.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strait.daemon.ProxyOptions;
import io.strait.daemon.standalone.Standalone;
import io.strait.lb.Algorithm;
import io.strait.proxy.dataplane.DataplaneConfig;
import io.strait.proxy.dataplane.Transport;
import io.strait.proxy.testing.Clients;
import io.strait.proxy.testing.NamedTcpServer;
import io.strait.proxy.testing.NamedUdpServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the alert rules against two real Prometheus servers (Debian's 2.42) scraping
 * one standalone Strait under traffic: a classic one, and one with native histograms, which then
 * stores no {@code _bucket} series at all. Every dashboard expression must return data on both,
 * every rule must evaluate, and the UDP flow-duration percentile must read the real duration
 * (flows end just past the 1 s idle timeout) on both. Skipped where Prometheus is not installed.
 */
class PrometheusDashboardIT {
    /** Needs a BGP peer: BgpAnnouncementNetnsIT covers the gauge. */
    private static final List<String> NO_DATA_HERE = List.of("strait_bgp_session_up");
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private final String net = "127.93." + ThreadLocalRandom.current().nextInt(1, 255) + ".";

    @Test
    void everyDashboardExpressionReturnsDataOnAClassicAndANativeHistogramPrometheus() throws Exception {
        assumeTrue(Files.isExecutable(PrometheusServer.BINARY),
                "Prometheus is not installed (Debian package prometheus): the dashboard is not run against one");
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        AtomicBoolean running = new AtomicBoolean(true);
        try (NamedTcpServer web = NamedTcpServer.start("web", "127.0.0.1");
             NamedUdpServer dns = NamedUdpServer.start("dns", "127.0.0.1")) {
            int webPort = free(net + "1");
            int dnsPort = 20000 + ThreadLocalRandom.current().nextInt(20000);
            int emptyPort = free(net + "3");
            Files.writeString(manifests.resolve("services.yaml"), services(web.port(), webPort, dns.port(), dnsPort, emptyPort));
            ProxyOptions options = new ProxyOptions("node-a", at("127.0.0.1", 0), at("127.0.0.1", 0),
                    List.of("127.0.0.1/32"), Transport.best(), Algorithm.ROUND_ROBIN, Duration.ofMillis(10),
                    Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofHours(24),
                    DataplaneConfig.DEFAULT_MAX_FLOWS, Duration.ofSeconds(30), false, false);
            try (Standalone strait = Standalone.start(manifests, options)) {
                assertThat(strait.awaitApplied(Duration.ofSeconds(30))).isTrue();
                String target = "127.0.0.1:" + strait.runtime().http().metricsAddress().getPort();
                Thread traffic = Thread.ofVirtual().start(() -> traffic(running, manifests, webPort, dnsPort, emptyPort));
                try (PrometheusServer classic = new PrometheusServer(dir.resolve("classic"), target, AlertRulesTest.RULES, false);
                     PrometheusServer nativeHistograms = new PrometheusServer(dir.resolve("native"), target,
                             AlertRulesTest.RULES, true)) {
                    assumeTrue(classic.awaitReady(Duration.ofSeconds(30)), () -> "Prometheus did not start: " + log(classic));
                    assertThat(nativeHistograms.awaitReady(Duration.ofSeconds(30))).as(() -> log(nativeHistograms)).isTrue();
                    checkEverything(classic, false);
                    checkEverything(nativeHistograms, true);
                } finally {
                    running.set(false);
                    traffic.join(10_000);
                }
            }
        }
    }

    private void checkEverything(PrometheusServer prometheus, boolean nativeHistograms) throws Exception {
        String kind = nativeHistograms ? "native-histogram Prometheus" : "classic Prometheus";
        // Which form this Prometheus keeps: the point of running both.
        // (A native histogram is one series under the bare name: no _bucket, _count or _sum.)
        awaitNonEmpty(prometheus, nativeHistograms ? "strait_connection_duration_seconds"
                : "strait_connection_duration_seconds_count", kind);
        assertThat(prometheus.query("strait_connection_duration_seconds_bucket").isEmpty()).as(kind).isEqualTo(nativeHistograms);
        assertThat(prometheus.query("strait_connection_duration_seconds").isEmpty()).as(kind).isEqualTo(!nativeHistograms);
        Map<String, String> failures = new TreeMap<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<String> pending = new ArrayList<>(DashboardImportTest.expressions().stream()
                .filter(e -> NO_DATA_HERE.stream().noneMatch(e::contains)).map(PrometheusDashboardIT::grafana).toList());
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            List<String> still = new ArrayList<>();
            for (String e : pending) {
                if (!hasData(prometheus.query(e), e.startsWith("histogram_quantile"))) {
                    still.add(e);
                }
            }
            pending = still;
            if (!pending.isEmpty()) {
                Thread.sleep(1000);
            }
        }
        pending.forEach(e -> failures.put(e, "no data"));
        assertThat(failures).as("dashboard expressions without data on a " + kind).isEmpty();
        for (String label : List.of("namespace", "service")) { // the variables' label_values(...)
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) prometheus.get("/api/v1/label/" + label
                    + "/values?match[]=strait_connections_accepted_total").get("data");
            assertThat(values).as(kind + ": $" + label).contains(label.equals("service") ? "web" : "default");
        }
        // Flows of one datagram each last the 1 s idle timeout and a little more.
        String p50 = grafana("histogram_quantile(0.5, sum(rate(strait_connection_duration_seconds{protocol=\"UDP\"}[$__rate_interval])))"
                + " or histogram_quantile(0.5, sum by (le) (rate(strait_connection_duration_seconds_bucket{protocol=\"UDP\"}[$__rate_interval])))");
        double udpP50 = value(prometheus.query(p50));
        while (!Double.isFinite(udpP50) && System.nanoTime() < deadline) { // until flows have expired in the window
            Thread.sleep(500);
            udpP50 = value(prometheus.query(p50));
        }
        System.out.printf("%s: UDP flow duration p50 %.4f s (idle timeout 1 s)%n", kind, udpP50);
        assertThat(udpP50).as(kind + ": UDP flow duration p50").isBetween(0.99, 1.1);
        if (!nativeHistograms) { // bounds are stored as written: Go-style le values match
            assertThat(prometheus.query("strait_connection_duration_seconds_bucket{le=\"0.001\",protocol=\"UDP\"}")).isNotEmpty();
        }
        checkRules(prometheus, kind, deadline);
    }

    @SuppressWarnings("unchecked")
    private static void checkRules(PrometheusServer prometheus, String kind, long deadline) throws Exception {
        List<String> notOk;
        do {
            notOk = new ArrayList<>();
            var groups = (List<Map<String, Object>>) ((Map<String, Object>) prometheus.get("/api/v1/rules").get("data")).get("groups");
            int rules = 0;
            for (Map<String, Object> g : groups) {
                for (Map<String, Object> r : (List<Map<String, Object>>) g.get("rules")) {
                    rules++;
                    if (!"ok".equals(r.get("health"))) {
                        notOk.add(r.get("name") + ": " + r.get("health") + " " + r.get("lastError"));
                    }
                }
            }
            assertThat(rules).as(kind).isEqualTo(AlertRulesTest.alerts().size());
            if (!notOk.isEmpty()) {
                Thread.sleep(500);
            }
        } while (!notOk.isEmpty() && System.nanoTime() < deadline);
        assertThat(notOk).as(kind + ": rules that do not evaluate").isEmpty();
        // The Service with traffic and no endpoint is caught (pending: the rule waits 5 minutes to fire).
        List<String> active;
        do {
            active = new ArrayList<>();
            var alerts = (List<Map<String, Object>>) ((Map<String, Object>) prometheus.get("/api/v1/alerts").get("data")).get("alerts");
            for (Map<String, Object> a : alerts) {
                Map<String, Object> labels = (Map<String, Object>) a.get("labels");
                active.add(labels.get("alertname") + "/" + labels.get("service"));
            }
            if (!active.contains("StraitServiceWithoutEndpoints/empty")) {
                Thread.sleep(500);
            }
        } while (!active.contains("StraitServiceWithoutEndpoints/empty") && System.nanoTime() < deadline);
        assertThat(active).as(kind + ": active alerts").contains("StraitServiceWithoutEndpoints/empty");
    }

    private static boolean hasData(List<Map<String, Object>> result, boolean needFinite) {
        if (result.isEmpty()) {
            return false;
        }
        return !needFinite || result.stream().anyMatch(r -> Double.isFinite(sample(r)));
    }

    private static double value(List<Map<String, Object>> result) {
        assertThat(result).hasSize(1);
        return sample(result.getFirst());
    }

    @SuppressWarnings("unchecked")
    private static double sample(Map<String, Object> r) {
        List<Object> v = (List<Object>) r.get("value");
        return Double.parseDouble((String) v.get(1));
    }

    private static void awaitNonEmpty(PrometheusServer p, String q, String kind) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (p.query(q).isEmpty()) {
            assertThat(System.nanoTime() < deadline).as(kind + ": " + q + " never had data").isTrue();
            Thread.sleep(500);
        }
    }

    /** Grafana's variables as the dashboard's defaults (All) and a 30 s rate window (1 s scrapes). */
    static String grafana(String expr) {
        return expr.replace("$namespace", ".*").replace("$service", ".*").replace("$__rate_interval", "30s");
    }

    private String services(int webBackend, int webPort, int dnsBackend, int dnsPort, int emptyPort) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {clusterIP: %1$s1, ports: [{name: http, port: %3$d}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: web-1, labels: {kubernetes.io/service-name: web}}
                addressType: IPv4
                ports: [{name: http, port: %2$d}]
                endpoints: [{addresses: ["127.0.0.1"]}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: dns}
                spec: {clusterIP: %1$s2, ports: [{name: dns, port: %5$d, protocol: UDP}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: dns-1, labels: {kubernetes.io/service-name: dns}}
                addressType: IPv4
                ports: [{name: dns, port: %4$d, protocol: UDP}]
                endpoints: [{addresses: ["127.0.0.1"]}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: empty}
                spec: {clusterIP: %1$s3, ports: [{name: t, port: %6$d}, {name: u, port: %6$d, protocol: UDP}]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: loopback, namespace: metallb-system}
                spec: {addresses: ["%1$s100-%1$s110"]}
                """.formatted(net, webBackend, webPort, dnsBackend, dnsPort, emptyPort);
    }

    /** Connections, flows, refusals, and a manifest changing every 2 s (network programming latency). */
    private void traffic(AtomicBoolean running, Path manifests, int webPort, int dnsPort, int emptyPort) {
        long lastChange = 0;
        int flips = 0;
        try (DatagramSocket toEmpty = new DatagramSocket(at("127.0.0.1", 0))) {
            while (running.get()) {
                try {
                    Clients.tcpName(at(net + "1", webPort));
                    Clients.udpName(at(net + "2", dnsPort));
                    try (Socket s = new Socket()) {
                        s.connect(at(net + "3", emptyPort), 1000);
                    } catch (java.io.IOException refused) {
                        // expected: no endpoint
                    }
                    toEmpty.send(new DatagramPacket(new byte[] {1}, 1, at(net + "3", emptyPort)));
                    if (System.nanoTime() - lastChange > 2_000_000_000L) {
                        lastChange = System.nanoTime();
                        Files.writeString(manifests.resolve("flip.yaml"), """
                                apiVersion: v1
                                kind: Service
                                metadata: {name: flip}
                                spec: {clusterIP: %s4, ports: [{name: http, port: %d}]}
                                """.formatted(net, 30000 + (flips++ % 2)));
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (java.io.IOException e) {
                    // keep generating; the assertions say what is missing
                }
            }
        } catch (java.net.SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int free(String ip) throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.ofLiteral(ip))) {
            return s.getLocalPort();
        }
    }

    private static String log(PrometheusServer p) {
        try {
            return p.log();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
