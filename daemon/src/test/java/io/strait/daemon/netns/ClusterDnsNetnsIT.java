package io.strait.daemon.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cluster DNS as a pod sees it: a CNI-bridge pod whose resolv.conf (put in place by {@code ip netns
 * exec} from /etc/netns/POD/) names the node as nameserver, with Kubernetes' search path and
 * ndots:5, resolves short and long Service names, a headless pod's hostname, an ExternalName and
 * an external name with glibc's {@code getent hosts}. The node's upstream is an unbound inside the
 * node namespace holding the "external" names. Skips without root, the CNI plugins or unbound.
 */
class ClusterDnsNetnsIT {
    @RegisterExtension
    static final NetnsCluster cluster = new NetnsCluster();
    static Pod pod;
    static Pod stranger;
    static Path work;
    static final List<Path> etcNetns = new ArrayList<>();
    static Path queryLog;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/unbound")), "needs unbound (apt-get install unbound)");
        Node node = cluster.node("a");
        pod = cluster.pod(node, "client");
        stranger = cluster.pod(node, "stranger");
        work = Files.createTempDirectory("strait-dns-netns");
        Path manifests = Files.createDirectories(work.resolve("manifests"));
        Files.writeString(manifests.resolve("dns.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec: {clusterIP: 10.96.0.10, ports: [{name: http, port: 80}]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: db, namespace: shop}
                spec: {clusterIP: None, ports: [{name: pg, port: 5432}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: db-1, namespace: shop, labels: {kubernetes.io/service-name: db}}
                addressType: IPv4
                ports: [{name: pg, port: 5432}]
                endpoints: [{addresses: [10.201.1.50], hostname: db-0}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: ext, namespace: shop}
                spec: {type: ExternalName, externalName: www.example.org}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: clients, namespace: shop}
                spec: {clusterIP: None}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: clients-1, namespace: shop, labels: {kubernetes.io/service-name: clients}}
                addressType: IPv4
                endpoints: [{addresses: [%s]}]
                """.formatted(pod.ip()));
        int dead = 5399;
        Files.writeString(work.resolve("unbound.conf"), """
                server:
                  interface: 127.0.0.1@5300
                  port: 5300
                  do-ip6: no
                  do-daemonize: no
                  use-syslog: no
                  logfile: ""
                  username: ""
                  chroot: ""
                  directory: "%s"
                  pidfile: "%s/unbound.pid"
                  do-not-query-localhost: no
                  module-config: "iterator"
                  local-zone: "example.org." static
                  local-data: "www.example.org. 60 IN A 192.0.2.80"
                remote-control:
                  control-enable: no
                forward-zone:
                  name: "."
                  forward-addr: 127.0.0.1@%d
                """.formatted(work, work, dead));
        cluster.track(new ProcessBuilder("ip", "netns", "exec", node.ns(), "/usr/sbin/unbound", "-d", "-c",
                work.resolve("unbound.conf").toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("unbound.log").toFile()).start());
        queryLog = work.resolve("queries.log");
        Process dns = cluster.track(new ProcessBuilder("ip", "netns", "exec", node.ns(), cluster.java(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), DnsNodeMain.class.getName(),
                manifests.toString(), queryLog.toString(), "--dns-bind-address", "0.0.0.0:53",
                "--dns-upstream", "127.0.0.1:5300").redirectErrorStream(true).start());
        BufferedReader out = new BufferedReader(new InputStreamReader(dns.getInputStream(), StandardCharsets.UTF_8));
        String line;
        List<String> seen = new ArrayList<>();
        while ((line = out.readLine()) != null && !line.startsWith("ready")) {
            seen.add(line);
        }
        assertThat(line).as("DNS main output: %s", seen).isNotNull();
        for (Pod p : List.of(pod, stranger)) {
            Path etc = Files.createDirectories(Path.of("/etc/netns", p.ns()));
            etcNetns.add(etc);
            Files.writeString(etc.resolve("resolv.conf"), "nameserver " + p.node().podSubnet() + ".1\n"
                    + "search shop.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5 attempts:2 timeout:2\n");
        }
    }

    @AfterAll
    static void clean() throws IOException {
        List<Path> all = new ArrayList<>(etcNetns);
        all.add(work);
        for (Path p : all) {
            if (p != null && Files.exists(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    static String getent(String name) {
        return getent(pod, name);
    }

    static String getent(Pod from, String name) {
        return Cmd.in(from.ns(), "getent", "ahostsv4", name).lines().findFirst().orElse("").split("\\s+")[0];
    }

    @Test
    void shortAndLongServiceNamesResolveThroughTheSearchPath() {
        assertThat(getent("web")).isEqualTo("10.96.0.10");
        assertThat(getent("web.shop")).isEqualTo("10.96.0.10");
        assertThat(getent("web.shop.svc.cluster.local")).isEqualTo("10.96.0.10");
        assertThat(getent("db-0.db")).isEqualTo("10.201.1.50");
        assertThat(getent("db")).isEqualTo("10.201.1.50");
    }

    @Test
    void externalNamesAndExternalNameServicesGoUpstream() {
        assertThat(getent("www.example.org")).isEqualTo("192.0.2.80");
        assertThat(getent("ext")).isEqualTo("192.0.2.80");
        assertThat(getent(stranger, "web")).isEqualTo("10.96.0.10");
    }

    static long queriesFor(Pod from, String name) throws IOException {
        long before = Files.exists(queryLog) ? Files.readAllLines(queryLog).size() : 0;
        assertThat(getent(from, name)).isEqualTo("192.0.2.80");
        return Files.readAllLines(queryLog).size() - before;
    }

    @Test
    void autopathAnswersAnExternalNameInOneQueryForAPodTheSnapshotKnows() throws IOException {
        // ndots:5 makes glibc try the 3 search domains first, then the name (A only: ahostsv4).
        // The server knows "client" (an endpoint in namespace shop) and expands its search path
        // itself: one query. "stranger" is in no EndpointSlice, so it walks its list: four.
        assertThat(queriesFor(pod, "www.example.org")).as("queries for one external name, known pod").isEqualTo(1);
        assertThat(queriesFor(stranger, "www.example.org")).as("queries for one external name, unknown pod").isEqualTo(4);
    }
}
