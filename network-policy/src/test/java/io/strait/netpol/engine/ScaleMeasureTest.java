package io.strait.netpol.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.netpol.model.Direction;
import io.strait.netpol.model.Ips;
import io.strait.netpol.model.LabelSelector;
import io.strait.netpol.model.NamedPort;
import io.strait.netpol.model.Namespace;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Peer;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.PolicyPort;
import io.strait.netpol.model.Protocol;
import io.strait.netpol.model.Rule;
import io.strait.netpol.nft.NftCompiler;
import io.strait.netpol.nft.NftRuleset;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * 1,000 policies × 1,000 pods in 50 namespaces: the engine agrees with {@link SpecModel} on a
 * sample of tuples (asserted), and the cost of building, checking, compiling and diffing is
 * printed (measured in this run, never asserted).
 */
public class ScaleMeasureTest {
    private static final int PODS = 1000;
    private static final int POLICIES = 1000;
    private static final int NAMESPACES = 50;

    /** 1,000 policies (ingress from tier × team and app peers on 80 and a named port; some egress to a team on 8000-8002) × 1,000 pods. */
    public static PolicyInputs scaleInputs() {
        Random r = new Random(42);
        List<Namespace> namespaces = new ArrayList<>();
        for (int n = 0; n < NAMESPACES; n++) {
            namespaces.add(new Namespace("ns" + n, Map.of("team", "t" + (n % 10))));
        }
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < PODS; i++) {
            pods.add(new Pod("ns" + (i % NAMESPACES), "pod" + i, Map.of("app", "app" + (i % 40), "tier", "t" + (i % 3)),
                    List.of(Ips.parse("10.244." + (i / 250) + "." + (i % 250 + 1))),
                    List.of(new NamedPort("http", 8000 + i % 5, Protocol.TCP))));
        }
        List<NetworkPolicy> policies = new ArrayList<>();
        for (int i = 0; i < POLICIES; i++) {
            String ns = "ns" + r.nextInt(NAMESPACES);
            LabelSelector target = LabelSelector.of(Map.of("app", "app" + r.nextInt(40)));
            Rule in = new Rule(List.of(new Peer.Selector(LabelSelector.of(Map.of("tier", "t" + r.nextInt(3))),
                            LabelSelector.of(Map.of("team", "t" + r.nextInt(10)))),
                    new Peer.Selector(LabelSelector.of(Map.of("app", "app" + r.nextInt(40))), null)),
                    List.of(PolicyPort.number(Protocol.TCP, 80), PolicyPort.named(Protocol.TCP, "http")));
            Rule out = new Rule(List.of(new Peer.Selector(null, LabelSelector.of(Map.of("team", "t" + r.nextInt(10))))),
                    List.of(PolicyPort.range(Protocol.TCP, 8000, 8002)));
            policies.add(NetworkPolicy.of(ns, "np" + i, target, r.nextInt(4) == 0 ? Set.of(Direction.INGRESS, Direction.EGRESS) : Set.of(),
                    List.of(in), List.of(out)));
        }
        return new PolicyInputs(policies, pods, namespaces, Set.of(Ips.parse("192.168.0.1")));
    }

    @Test
    void thousandPoliciesThousandPods() {
        Random r = new Random(42);
        PolicyInputs inputs = scaleInputs();
        List<Pod> pods = inputs.pods();
        List<NetworkPolicy> policies = inputs.policies();
        List<Namespace> namespaces = inputs.namespaces();

        long t0 = 0;
        long built = 0;
        PolicySnapshot snapshot = null;
        var threadCpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long buildCpu = 0;
        for (int round = 0; round < 3; round++) { // warm-up rounds; the last one is reported
            long cpu0 = threadCpu.getCurrentThreadCpuTime();
            t0 = System.nanoTime();
            snapshot = PolicySnapshot.build(inputs);
            built = System.nanoTime();
            buildCpu = threadCpu.getCurrentThreadCpuTime() - cpu0;
        }
        System.out.printf("scale: snapshot build CPU time %.0f ms (wall %.0f ms)%n", buildCpu / 1e6, (built - t0) / 1e6);

        InetAddress[] src = new InetAddress[4096];
        InetAddress[] dst = new InetAddress[4096];
        int[] port = new int[4096];
        for (int i = 0; i < src.length; i++) {
            src[i] = pods.get(r.nextInt(PODS)).ips().getFirst();
            dst[i] = pods.get(r.nextInt(PODS)).ips().getFirst();
            port[i] = r.nextBoolean() ? 80 : 8000 + r.nextInt(5);
        }
        SpecModel spec = new SpecModel(inputs);
        int allowed = 0;
        for (int i = 0; i < 2000; i++) {
            boolean engine = snapshot.check(src[i], dst[i], port[i], Protocol.TCP).allowed();
            assertThat(engine).as("%s -> %s:%d", src[i], dst[i], port[i]).isEqualTo(spec.allowed(src[i], dst[i], port[i], Protocol.TCP));
            allowed += engine ? 1 : 0;
        }
        long sink = 0;
        for (int round = 0; round < 3; round++) { // the last round is the one reported
            long cc0 = threadCpu.getCurrentThreadCpuTime();
            long c0 = System.nanoTime();
            for (int i = 0; i < 2_000_000; i++) {
                int k = i & 4095;
                sink += snapshot.check(src[k], dst[k], port[k], Protocol.TCP).allowed() ? 1 : 0;
            }
            long c1 = System.nanoTime();
            long cc1 = threadCpu.getCurrentThreadCpuTime();
            if (round == 2) {
                System.out.printf("scale: %d checks in %.0f ms wall = %.2f M checks/s; %.0f ms CPU = %.2f M checks per CPU-second"
                                + " (%d allowed in the sample of 2000, sink %d)%n",
                        2_000_000, (c1 - c0) / 1e6, 2_000_000 / ((c1 - c0) / 1e9) / 1e6, (cc1 - cc0) / 1e6,
                        2_000_000 / ((cc1 - cc0) / 1e9) / 1e6, allowed, sink);
            }
        }
        long n0 = 0;
        long n1 = 0;
        NftRuleset rules = null;
        String script = null;
        for (int round = 0; round < 3; round++) {
            n0 = System.nanoTime();
            rules = NftCompiler.compile(snapshot);
            script = rules.fullScript();
            n1 = System.nanoTime();
        }
        List<Pod> changed = new ArrayList<>(pods);
        Pod moved = changed.remove(7);
        changed.add(new Pod(moved.namespace(), moved.name(), moved.labels(), List.of(Ips.parse("10.244.9.9")), moved.namedPorts()));
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long d0 = System.nanoTime();
        PolicySnapshot next = PolicySnapshot.build(new PolicyInputs(policies, changed, namespaces, inputs.nodeAddresses()));
        long c01 = cpu.getCurrentThreadCpuTime();
        NftRuleset nextRules = NftCompiler.compile(next);
        long c02 = cpu.getCurrentThreadCpuTime();
        String update = nextRules.updateFrom(rules);
        long d1 = System.nanoTime();
        long c1 = cpu.getCurrentThreadCpuTime();
        System.out.printf("scale: after one pod change (CPU time of this thread): build %.0f ms, compile %.0f ms, diff %.0f ms%n",
                (c01 - c0) / 1e6, (c02 - c01) / 1e6, (c1 - c02) / 1e6);
        System.out.printf("scale: %d policies x %d pods: snapshot built in %.0f ms; nft script %d KiB, %d chains, compiled in %.0f ms;"
                        + " one pod's IP changed: rebuild+compile+diff %.0f ms, update %d lines (%s)%n",
                POLICIES, PODS, (built - t0) / 1e6, script.length() / 1024, rules.chains().size(), (n1 - n0) / 1e6,
                (d1 - d0) / 1e6, update.lines().count(), update.startsWith("add table") ? "full" : "elements only");
    }
}
