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
    static final List<String> ALGORITHMS = List.of("round-robin", "weighted-round-robin", "least-connections",
            "p2c", "maglev", "random");
    static final String IP = "127.89." + ThreadLocalRandom.current().nextInt(1, 255) + "." + ThreadLocalRandom.current().nextInt(1, 255);

    @TempDir
    static Path dir;
    static final List<NamedTcpServer> backends = new ArrayList<>();
    static Standalone standalone;
    static int basePort;

    @BeforeAll
    static void start() throws Exception {
        int backendPort = StandaloneIT.freePort("127.0.4.1", "127.0.4.2", "127.0.4.3");
        for (int i = 1; i <= 3; i++) {
            backends.add(new NamedTcpServer("b" + i, "127.0.4." + i, backendPort));
        }
        basePort = 20000 + ThreadLocalRandom.current().nextInt(20000);
        StringBuilder yaml = new StringBuilder();
        List<String> services = new ArrayList<>(ALGORITHMS);
        services.add("affinity");
        services.add("bogus");
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
        assertThat(standalone.awaitApplied(Duration.ofSeconds(10))).isTrue();
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
        int i = ALGORITHMS.indexOf(name);
        if (i < 0) {
            i = name.equals("affinity") ? ALGORITHMS.size() : ALGORITHMS.size() + 1;
        }
        return at(IP, basePort + i);
    }

    /** One short connection (closed with RST, so no TIME_WAIT), from the given local address. */
    static String name(InetSocketAddress target, InetSocketAddress local) throws IOException {
        try (Socket s = new Socket()) {
            s.setReuseAddress(true);
            if (local != null) {
                s.bind(local);
            }
            s.connect(target, 3000);
            s.setSoTimeout(5000);
            String name = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            s.setSoLinger(true, 0);
            return name;
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

    /** Waits until the proxy has closed every short connection of this Service (live counts settle). */
    static void awaitIdle(String service) {
        await().atMost(Duration.ofSeconds(20)).until(() -> activeOf(service) == held(service));
    }

    static final Map<String, Integer> heldCount = new HashMap<>();

    static int held(String service) {
        return heldCount.getOrDefault(service, 0);
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
        heldCount.merge(service, 1, Integer::sum);
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
        int port = 40000 + ThreadLocalRandom.current().nextInt(10000);
        InetSocketAddress local = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port);
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
