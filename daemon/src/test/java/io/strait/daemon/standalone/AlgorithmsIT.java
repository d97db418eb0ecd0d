package io.strait.daemon.standalone;

import static io.strait.proxy.testing.Clients.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strait.daemon.ProxyOptions;
import io.strait.lb.Algorithm;
import io.strait.proxy.dataplane.Transport;
import io.strait.proxy.testing.NamedTcpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each balancing algorithm selected per Service with the strait.io/lb-algorithm annotation in
 * standalone mode, observed through real sockets: how connections spread over three backends.
 */
class AlgorithmsIT {
    static final String IP = "127.89." + ThreadLocalRandom.current().nextInt(1, 255) + "." + ThreadLocalRandom.current().nextInt(1, 255);

    @TempDir
    static Path dir;
    static final List<NamedTcpServer> backends = new ArrayList<>();
    static final List<String> SERVICES = List.of("round-robin", "weighted-round-robin", "least-connections",
            "p2c", "maglev", "random", "affinity", "bogus");
    static Standalone standalone;
    static int basePort;

    @BeforeAll
    static void start() throws Exception {
        int backendPort = StandaloneIT.freePort("127.0.4.1", "127.0.4.2", "127.0.4.3");
        for (int i = 1; i <= 3; i++) {
            backends.add(new NamedTcpServer("b" + i, "127.0.4." + i, backendPort));
        }
        // Service ports basePort.. on IP: random, below Linux's ephemeral range (32768-60999). A port
        // taken all the same (a wildcard listener elsewhere) fails its bind: start over with another.
        for (int attempt = 1; ; attempt++) {
            basePort = 20000 + ThreadLocalRandom.current().nextInt(12000);
            startStandalone(backendPort);
            Set<Integer> listening = new HashSet<>();
            standalone.runtime().dataplane().listening().forEach(f -> listening.add(f.address().getPort()));
            if (java.util.stream.IntStream.range(0, SERVICES.size()).allMatch(i -> listening.contains(basePort + i))) {
                break;
            }
            standalone.close();
            standalone = null;
            assertThat(attempt).as("attempts to bind %d Service ports", SERVICES.size()).isLessThan(20);
        }
    }

    static void startStandalone(int backendPort) throws Exception {
        StringBuilder yaml = new StringBuilder();
        List<String> services = SERVICES;
        for (int i = 0; i < services.size(); i++) {
            String name = services.get(i);
            String annotation = switch (name) {
                case "affinity" -> "round-robin";
                case "bogus" -> "fastest-please";
                default -> name;
            };
            yaml.append("""
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: %s
                      annotations: {strait.io/lb-algorithm: %s}
                    spec:
                      clusterIP: %s
                      sessionAffinity: %s
                      ports: [{name: tcp, port: %d}]
                    ---
                    apiVersion: discovery.k8s.io/v1
                    kind: EndpointSlice
                    metadata: {name: %s-1, labels: {kubernetes.io/service-name: %s}}
                    addressType: IPv4
                    ports: [{name: tcp, port: %d}]
                    endpoints: [{addresses: ["127.0.4.1"]}, {addresses: ["127.0.4.2"]}, {addresses: ["127.0.4.3"]}]
                    ---
                    """.formatted(name, annotation, IP, name.equals("affinity") ? "ClientIP" : "None",
                    basePort + i, name, name, backendPort));
        }
        Files.writeString(dir.resolve("services.yaml"), yaml.toString());
        ProxyOptions options = new ProxyOptions("node-a", at("127.0.0.1", 0), at("127.0.0.1", 0), List.of("127.0.0.1/32"),
                Transport.best(), Algorithm.ROUND_ROBIN, Duration.ofMillis(10), Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofSeconds(30));
        standalone = Standalone.start(dir, options);
        assertThat(standalone.awaitApplied(Duration.ofSeconds(30))).isTrue();
    }

    @AfterAll
    static void stop() throws IOException {
        if (standalone != null) {
            standalone.close();
        }
        for (NamedTcpServer b : backends) {
            b.close();
        }
    }

    static InetSocketAddress service(String name) {
        int i = SERVICES.indexOf(name);
        assertThat(i).as(name).isNotNegative();
        return at(IP, basePort + i);
    }

    /** One short connection (closed with RST, so no TIME_WAIT), from the given local address. */
    static String name(InetSocketAddress target, InetSocketAddress local) throws IOException {
        try (Socket s = bound(local)) {
            s.connect(target, 3000);
            s.setSoTimeout(5000);
            String name = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            s.setSoLinger(true, 0);
            return name;
        }
    }

    /**
     * A socket bound to local (SO_REUSEADDR), or unbound for null. A fixed local port is free between
     * this test's connections but lies in the ephemeral range, where another connection may hold it
     * for a moment: the bind is retried then.
     */
    static Socket bound(InetSocketAddress local) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Socket s = new Socket();
            try {
                s.setReuseAddress(true);
                if (local != null) {
                    s.bind(local);
                }
                return s;
            } catch (java.net.BindException e) {
                s.close();
                if (attempt == 100) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        }
    }

    static List<String> names(String service, int n) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(name(service(service), null));
            awaitIdle(service);
        }
        return out;
    }

    /**
     * Waits until the proxy has closed every short connection: this Service's live count is down to
     * its held connections, and so is, for each backend, the flow table's count of live flows — what
     * least-connections and p2c read on each pick. (A closing connection leaves the Service's count
     * and the flow table one after the other, so the first alone does not say the second is done.)
     */
    static void awaitIdle(String service) {
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> activeOf(service) == held(service)
                && backends.stream().allMatch(b -> flowsTo(b) == heldOn(b.name())));
    }

    /** Connections held open, per Service and then per backend name (cleared when a test closes them). */
    static final Map<String, Map<String, Integer>> heldCount = new HashMap<>();

    static int held(String service) {
        return heldCount.getOrDefault(service, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    static int heldOn(String backend) {
        return heldCount.values().stream().mapToInt(m -> m.getOrDefault(backend, 0)).sum();
    }

    /** Live flows to this backend in the flow table, over every Service. */
    static int flowsTo(NamedTcpServer backend) {
        return standalone.runtime().dataplane().flows().activeFlows(backend.address());
    }

    static long activeOf(String service) {
        return standalone.runtime().dataplane().stats().entrySet().stream()
                .filter(e -> e.getKey().service().name().equals(service))
                .mapToLong(e -> e.getValue().active()).sum();
    }

    static Socket hold(String service, Map<String, Integer> load) throws IOException {
        Socket s = new Socket();
        s.connect(service(service), 3000);
        s.setSoTimeout(5000);
        String name = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        load.merge(name, 1, Integer::sum);
        heldCount.computeIfAbsent(service, k -> new HashMap<>()).merge(name, 1, Integer::sum);
        return s;
    }

    @Test
    void roundRobinCyclesThroughEveryEndpoint() throws IOException {
        List<String> seen = names("round-robin", 6);
        assertThat(new HashSet<>(seen.subList(0, 3))).hasSize(3);
        assertThat(seen.subList(3, 6)).isEqualTo(seen.subList(0, 3));
    }

    @Test
    void weightedRoundRobinWithEqualWeightsSpreadsEvenly() throws IOException {
        // EndpointSlices carry no weights, so every endpoint weighs 1: an even, interleaved spread
        List<String> seen = names("weighted-round-robin", 6);
        assertThat(seen).containsOnly("b1", "b2", "b3");
        assertThat(new HashSet<>(seen.subList(0, 3))).hasSize(3);
    }

    @Test
    void leastConnectionsSendsNewConnectionsToTheIdleEndpoint() throws IOException {
        awaitIdle("least-connections");          // connections other tests just closed count on the backends too
        Map<String, Integer> load = new HashMap<>();
        try (Socket a = hold("least-connections", load); Socket b = hold("least-connections", load)) {
            assertThat(load).hasSize(2); // the second went to another, idle endpoint
            String idle = Set.of("b1", "b2", "b3").stream().filter(n -> !load.containsKey(n)).findFirst().orElseThrow();
            awaitIdle("least-connections");
            assertThat(names("least-connections", 4)).containsOnly(idle);
        } finally {
            heldCount.remove("least-connections");
        }
    }

    @Test
    void p2cNeverPicksTheUniquelyMostLoadedEndpoint() throws IOException {
        awaitIdle("p2c");
        Map<String, Integer> load = new HashMap<>();
        List<Socket> heldSockets = new ArrayList<>();
        try {
            while (heldSockets.size() < 12) {
                heldSockets.add(hold("p2c", load));
                int max = load.values().stream().max(Integer::compare).orElse(0);
                if (heldSockets.size() >= 3 && load.values().stream().filter(v -> v == max).count() == 1) {
                    break;
                }
            }
            int max = load.values().stream().max(Integer::compare).orElseThrow();
            String busiest = load.entrySet().stream().filter(e -> e.getValue() == max).findFirst().orElseThrow().getKey();
            assertThat(load.values().stream().filter(v -> v == max).count()).isEqualTo(1);
            awaitIdle("p2c");
            List<String> seen = names("p2c", 10);
            assertThat(seen).doesNotContain(busiest);
        } finally {
            for (Socket s : heldSockets) {
                s.close();
            }
            heldCount.remove("p2c");
        }
    }

    @Test
    void maglevMapsTheSameClientAddressAndPortToTheSameEndpoint() throws IOException {
        InetSocketAddress local;
        try (Socket probe = bound(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0))) {
            local = (InetSocketAddress) probe.getLocalSocketAddress();     // a port free now: the OS's pick
        }
        String first = name(service("maglev"), local);
        for (int i = 0; i < 4; i++) {
            awaitIdle("maglev");
            assertThat(name(service("maglev"), local)).isEqualTo(first);
        }
        assertThat(new HashSet<>(names("maglev", 30))).hasSizeGreaterThan(1); // other client ports spread
    }

    @Test
    void randomReachesEveryEndpoint() throws IOException {
        assertThat(new HashSet<>(names("random", 60))).containsExactlyInAnyOrder("b1", "b2", "b3");
    }

    @Test
    void clientIpAffinityPinsEachClientAddress() throws IOException {
        Set<String> perClient = new HashSet<>();
        for (String client : List.of("127.0.0.1", "127.0.0.2", "127.0.0.3")) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                seen.add(name(service("affinity"), new InetSocketAddress(InetAddress.ofLiteral(client), 0)));
            }
            assertThat(seen).hasSize(1);
            perClient.addAll(seen);
        }
        assertThat(perClient).hasSize(3); // round-robin under affinity: each new client gets the next endpoint
    }

    @Test
    void anUnknownAlgorithmIsReportedOnTheServiceAndTheDefaultIsUsed() throws IOException {
        assertThat(standalone.runtime().syncProblems()).anySatisfy(p -> assertThat(p)
                .contains("Service default/bogus: metadata.annotations[strait.io/lb-algorithm]: unknown load-balancing algorithm 'fastest-please'")
                .contains("allowed: round-robin | weighted-round-robin | least-connections | p2c | maglev | random")
                .endsWith("using the default, round-robin"));
        assertThat(new HashSet<>(names("bogus", 3))).hasSize(3);
    }
}
