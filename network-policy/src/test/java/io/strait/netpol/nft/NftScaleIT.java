package io.strait.netpol.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.netpol.apply.NftProgrammer;
import io.strait.netpol.engine.PolicyInputs;
import io.strait.netpol.engine.PolicySnapshot;
import io.strait.netpol.engine.ScaleMeasureTest;
import io.strait.netpol.model.Ips;
import io.strait.netpol.model.Pod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The 1,000 policies × 1,000 pods table on the real kernel (a throw-away namespace): it loads,
 * and one pod moving at a time reaches the kernel through element updates. Prints the time from
 * "inputs changed" to "nft returned" (snapshot + compile + diff + nft), p50 and max over 20
 * changes: measured, never asserted.
 */
class NftScaleIT {
    @Test
    void thousandByThousandLoadsAndPodChangesAreElementUpdates() {
        Assumptions.assumeTrue(Netns.root(), "needs root (network namespace)");
        Assumptions.assumeTrue(Netns.onPath("nft"), "needs nft (Debian package nftables)");
        PolicyInputs inputs = ScaleMeasureTest.scaleInputs();
        try (Netns ns = new Netns()) {
            NftProgrammer.Runner nft = NftProgrammer.nft(List.of("ip", "netns", "exec", ns.name));
            long[] inNft = new long[1];
            NftProgrammer programmer = new NftProgrammer(script -> {
                long n0 = System.nanoTime();
                nft.run(script);
                inNft[0] += System.nanoTime() - n0;
            });
            long t0 = System.nanoTime();
            var first = programmer.apply(NftCompiler.compile(PolicySnapshot.build(inputs)));
            long full = System.nanoTime() - t0;
            assertThat(first.ok()).as(String.valueOf(first.error())).isTrue();
            List<Pod> pods = new ArrayList<>(inputs.pods());
            long fullNft = inNft[0];
            inNft[0] = 0;
            long[] took = new long[20];
            int elementsOnly = 0;
            for (int i = 0; i < took.length; i++) {
                Pod p = pods.remove(i * 31 % pods.size());
                pods.add(new Pod(p.namespace(), p.name(), p.labels(), List.of(Ips.parse("10.250." + i + ".1")), p.namedPorts()));
                long c0 = System.nanoTime();
                var r = programmer.apply(NftCompiler.compile(PolicySnapshot.build(
                        new PolicyInputs(inputs.policies(), pods, inputs.namespaces(), inputs.nodeAddresses()))));
                took[i] = System.nanoTime() - c0;
                assertThat(r.ok()).as(String.valueOf(r.error())).isTrue();
                elementsOnly += r.mode() == NftProgrammer.Result.Mode.ELEMENTS ? 1 : 0;
            }
            // A set (or map) whose desired elements name a moved pod holds it in the kernel too.
            var holder = programmer.applied().sets().values().stream()
                    .filter(x -> x.elements().stream().anyMatch(e -> e.startsWith("10.250."))).findFirst().orElseThrow();
            String moved = holder.elements().stream().filter(e -> e.startsWith("10.250.")).findFirst().orElseThrow();
            assertThat(ns.exec(null, "nft", "list", holder.kind(), "inet", "strait-netpol", holder.name()))
                    .contains(NftSet.key(moved));
            Arrays.sort(took);
            System.out.printf("nft scale: full table (1000 policies x 1000 pods) compiled and loaded in %.0f ms (nft -f %.0f ms); "
                            + "one pod moved -> in the kernel: p50 %.0f ms, max %.0f ms over %d changes (%d element-only; "
                            + "nft -f %.0f ms of it on average)%n",
                    full / 1e6, fullNft / 1e6, took[took.length / 2] / 1e6, took[took.length - 1] / 1e6, took.length, elementsOnly,
                    inNft[0] / 1e6 / took.length);
        }
    }
}
