package io.strait.netpol.truth;

import static io.strait.netpol.truth.TruthTableIT.FAMILIES;
import static io.strait.netpol.truth.TruthTableIT.PORTS;
import static io.strait.netpol.truth.TruthTableIT.PROTOS;

import io.strait.netpol.engine.PolicySnapshot;
import io.strait.netpol.model.Ips;
import io.strait.netpol.model.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Probes the whole matrix: every agent (the pods and the node) to every agent, both families,
 * TCP/UDP 80/81; results keyed {@code "x/a -> y/b 80/tcp v4"}.
 */
final class Matrix implements AutoCloseable {
    private final PodNetwork network;
    private final ExecutorService probers;

    Matrix(PodNetwork network) {
        this.network = network;
        this.probers = Executors.newFixedThreadPool(network.pods().size() + 1);
    }

    /**
     * Every probe at once with a 1 s timeout, then the ones that disagree with the engine once
     * more, one source at a time, with 3 s: a loaded machine can make an allowed probe miss 1 s,
     * and a wrong table disagrees both times.
     */
    Map<String, Boolean> probeAll(PolicySnapshot snapshot) throws Exception {
        Map<String, Boolean> first = probeOnce();
        int again = 0;
        for (TruthPod from : everyone()) {
            List<String> targets = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (TruthPod to : everyone()) {
                for (String family : FAMILIES) {
                    for (int port : PORTS) {
                        for (String proto : PROTOS) {
                            String key = from.id() + " -> " + to.id() + " " + port + "/" + proto + " " + family;
                            boolean engine = snapshot.check(Ips.parse(address(from, family)), Ips.parse(address(to, family)), port,
                                    Protocol.valueOf(proto.toUpperCase(java.util.Locale.ROOT))).allowed();
                            if (first.get(key) != engine) {
                                targets.add(address(to, family) + " " + port + " " + proto);
                                keys.add(key);
                            }
                        }
                    }
                }
            }
            List<Boolean> second = from.probe(targets, 3.0);
            for (int i = 0; i < keys.size(); i++) {
                first.put(keys.get(i), second.get(i));
            }
            again += keys.size();
        }
        if (again > 0) {
            System.out.printf("truth table: %d probes disagreed with the engine and were probed again with 3 s%n", again);
        }
        return first;
    }

    private Map<String, Boolean> probeOnce() throws Exception {
        Map<TruthPod, Future<List<Boolean>>> futures = new LinkedHashMap<>();
        List<String> targets = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (TruthPod to : everyone()) {
            for (String family : FAMILIES) {
                for (int port : PORTS) {
                    for (String proto : PROTOS) {
                        targets.add(address(to, family) + " " + port + " " + proto);
                        labels.add(to.id() + " " + port + "/" + proto + " " + family);
                    }
                }
            }
        }
        for (TruthPod from : everyone()) {
            futures.put(from, probers.submit(() -> from.probe(targets)));
        }
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (var e : futures.entrySet()) {
            List<Boolean> results = e.getValue().get();
            for (int i = 0; i < labels.size(); i++) {
                out.put(e.getKey().id() + " -> " + labels.get(i), results.get(i));
            }
        }
        return out;
    }

    /** The nine pods and the node itself (always allowed both ways, as the specification says). */
    List<TruthPod> everyone() {
        List<TruthPod> all = new ArrayList<>(network.pods());
        all.add(network.nodeAgent());
        return all;
    }

    static String address(TruthPod pod, String family) {
        return family.equals("v4") ? pod.ip : pod.ip6;
    }

    @Override
    public void close() {
        probers.shutdownNow();
    }
}
