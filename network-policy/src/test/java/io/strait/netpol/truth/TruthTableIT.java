package io.strait.netpol.truth;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.netpol.engine.PolicyInputs;
import io.strait.netpol.engine.PolicySnapshot;
import io.strait.netpol.k8s.PolicyTranslator;
import io.strait.netpol.model.Ips;
import io.strait.netpol.model.NamedPort;
import io.strait.netpol.model.Namespace;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.Protocol;
import io.strait.netpol.nft.Netns;
import io.strait.netpol.nft.NftCompiler;
import io.strait.netpol.nft.NftRuleset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The truth table, as the upstream netpol e2e suite does it: namespaces x, y, z (labels
 * {@code ns} and {@code kubernetes.io/metadata.name}) with pods a, b, c (label {@code pod}, container
 * ports {@code serve-80-tcp} … {@code serve-81-udp}) on one node's CNI bridge; each case's policies
 * are translated by the fabric8 adapter, compiled, and the table loaded in the node; every pod
 * probes every pod, and the node probes them and is probed by them (its own agent on the
 * {@code cni0} addresses), on TCP and UDP 80 and 81 over IPv4 and IPv6 (800 probes, all at once,
 * 1 s timeout). Asserted per
 * case: the engine's matrix equals the case's upstream expectation (loopback aside), and the
 * observed matrix equals the engine's (loopback included). Root, nft, conntrack, python3 and the CNI plugins needed.
 */
class TruthTableIT {
    private static final List<String> NAMESPACES = List.of("x", "y", "z");
    private static final List<String> PODS = List.of("a", "b", "c");
    static final int[] PORTS = {80, 81};
    static final String[] PROTOS = {"tcp", "udp"};
    static final String[] FAMILIES = {"v4", "v6"};
    private static PodNetwork network;
    private static Matrix matrix;

    static Stream<String> cases() throws java.io.IOException {
        Path dir = Path.of("src/test/resources/io/strait/netpol/truth/cases");
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @BeforeAll
    static void network() throws Exception {
        Assumptions.assumeTrue(Netns.root(), "the truth table builds network namespaces: needs root");
        for (String tool : List.of("nft", "python3", "ip", "conntrack")) {
            Assumptions.assumeTrue(Netns.onPath(tool), "the truth table needs " + tool);
        }
        for (String plugin : List.of("bridge", "host-local", "loopback")) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of(PodNetwork.CNI, plugin)),
                    "the truth table needs the CNI " + plugin + " plugin (Debian containernetworking-plugins)");
        }
        network = new PodNetwork(NAMESPACES, PODS);
        matrix = new Matrix(network);
    }

    @AfterAll
    static void teardown() {
        if (matrix != null) {
            matrix.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void observedMatrixIsTheEnginesAndTheEnginesIsUpstreams(String file) throws Exception {
        TruthCase c = TruthCase.load(file);
        List<NetworkPolicy> policies = c.policies(podIps()).stream().map(PolicyTranslator::translate).toList();
        run(c.name(), policies, c);
    }

    /** Generated policy sets (cyclonus style): only the engine is the oracle here. */
    @ParameterizedTest(name = "generated seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void generatedPolicySetsAreEnforcedAsTheEngineDecides(long seed) throws Exception {
        run("generated-" + seed, GeneratedPolicies.draw(seed, podIps()), null);
    }

    private static Map<String, String> podIps() {
        Map<String, String> ips = new LinkedHashMap<>();
        network.pods().forEach(p -> {
            ips.put(p.id(), p.ip);
            ips.put(p.id() + "/v6", p.ip6);
        });
        return ips;
    }

    /**
     * The incremental path with real packets: pods are relabelled (labels live only in the model,
     * so this is what a label change looks like to the node), the update must be elements only,
     * and after applying just that the observed matrix is still the engine's.
     */
    @org.junit.jupiter.api.Test
    void relabelledPodsAreEnforcedThroughTheElementUpdateAlone() throws Exception {
        List<NetworkPolicy> policies = TruthCase.load("04-pod-selector.yaml").policies(podIps()).stream()
                .map(PolicyTranslator::translate).toList();
        PolicySnapshot first = snapshot(policies, Map.of());
        NftRuleset applied = NftCompiler.compile(first);
        network.nft(applied.fullScript());
        verify("relabel-0", first, null, policies);
        List<Map<String, String>> steps = List.of(
                Map.of("x/c", "b"), // x/c becomes an allowed peer of x/a
                Map.of("x/c", "b", "x/b", "a")); // and x/b becomes isolated like x/a, and no longer a peer
        for (int i = 0; i < steps.size(); i++) {
            PolicySnapshot next = snapshot(policies, steps.get(i));
            NftRuleset rules = NftCompiler.compile(next);
            String update = rules.updateFrom(applied);
            assertThat(update).as("step %d", i + 1).isNotEmpty().doesNotContain("table");
            network.nft(update);
            applied = rules;
            verify("relabel-" + (i + 1), next, null, policies);
        }
    }

    private static PolicySnapshot snapshot(List<NetworkPolicy> policies, Map<String, String> relabel) {
        return PolicySnapshot.build(new PolicyInputs(policies, modelPods(relabel), namespaces(),
                Set.of(Ips.parse(PodNetwork.GATEWAY), Ips.parse(PodNetwork.GATEWAY6))));
    }

    private void run(String name, List<NetworkPolicy> policies, TruthCase c) throws Exception {
        PolicySnapshot snapshot = snapshot(policies, Map.of());
        network.nft(NftCompiler.compile(snapshot).fullScript());
        verify(name, snapshot, c, policies);
    }

    private void verify(String name, PolicySnapshot snapshot, TruthCase c, List<NetworkPolicy> policies) throws Exception {
        long t0 = System.nanoTime();
        // Flows a previous case allowed stay established (ct state established accept, by design:
        // a policy change does not cut live connections); the table must judge fresh ones only.
        network.flushConntrack();
        long applied = System.nanoTime();
        Map<String, Boolean> observed = matrix.probeAll(snapshot);
        long probed = System.nanoTime();
        List<String> engineVsUpstream = new ArrayList<>();
        List<String> observedVsEngine = new ArrayList<>();
        for (TruthPod from : matrix.everyone()) {
            for (TruthPod to : matrix.everyone()) {
                for (String family : FAMILIES) {
                    for (int port : PORTS) {
                        for (String proto : PROTOS) {
                            String key = from.id() + " -> " + to.id() + " " + port + "/" + proto + " " + family;
                            boolean engine = snapshot.check(Ips.parse(Matrix.address(from, family)), Ips.parse(Matrix.address(to, family)), port,
                                    Protocol.valueOf(proto.toUpperCase(java.util.Locale.ROOT))).allowed();
                            boolean pods = from != network.nodeAgent() && to != network.nodeAgent();
                            if (c != null && pods && from != to && engine != c.expected(from.id(), to.id(), port, proto)) {
                                engineVsUpstream.add(key + ": engine " + word(engine));
                            }
                            if (observed.get(key) != engine) {
                                observedVsEngine.add(key + ": engine " + word(engine) + ", observed " + word(observed.get(key)));
                            }
                        }
                    }
                }
            }
        }
        long allowed = observed.values().stream().filter(b -> b).count();
        System.out.printf("truth table %s: %d/%d allowed; conntrack -F %.1f ms, %d probes %.0f ms%n", name, allowed,
                observed.size(), (applied - t0) / 1e6, observed.size(), (probed - applied) / 1e6);
        assertThat(engineVsUpstream).as("engine vs upstream expectation, " + name).isEmpty();
        assertThat(observedVsEngine).as("observed vs engine, " + name + ", policies " + policies).isEmpty();
    }

    private static String word(boolean allowed) {
        return allowed ? "allows" : "denies";
    }

    /** The pods as the engine sees them: label {@code pod} is the name unless {@code relabel} (id → value) says otherwise. */
    private static List<Pod> modelPods(Map<String, String> relabel) {
        List<NamedPort> ports = new ArrayList<>();
        for (int port : PORTS) {
            for (String proto : PROTOS) {
                ports.add(new NamedPort("serve-" + port + "-" + proto, port, Protocol.valueOf(proto.toUpperCase(java.util.Locale.ROOT))));
            }
        }
        return network.pods().stream().map(p -> new Pod(p.namespace, p.name, Map.of("pod", relabel.getOrDefault(p.id(), p.name)),
                List.of(Ips.parse(p.ip), Ips.parse(p.ip6)), ports)).toList();
    }

    private static List<Namespace> namespaces() {
        return NAMESPACES.stream().map(n -> new Namespace(n, Map.of("ns", n, "kubernetes.io/metadata.name", n))).toList();
    }
}
