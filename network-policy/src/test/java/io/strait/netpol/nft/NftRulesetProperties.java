package io.strait.netpol.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.netpol.engine.PolicyInputs;
import io.strait.netpol.engine.PolicySnapshot;
import io.strait.netpol.engine.World;
import io.strait.netpol.model.Ips;
import io.strait.netpol.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The incremental path is exact: on random clusters whose pods then come, go, move and relabel,
 * either the structure changed and the update is the full script, or replaying the update's
 * {@code delete element}/{@code add element} commands on the old sets gives exactly the new sets.
 */
class NftRulesetProperties {

    @Property(tries = 300)
    @StatisticsReport(onFailureOnly = false)
    void replayingTheUpdateOnTheOldSetsGivesTheNewSets(@ForAll long seed) {
        World w = World.random(seed);
        NftRuleset before = NftCompiler.compile(PolicySnapshot.build(w.inputs()));
        PolicyInputs changed = churn(w.inputs(), new Random(seed * 31 + 7));
        NftRuleset after = NftCompiler.compile(PolicySnapshot.build(changed));
        String update = after.updateFrom(before);
        Statistics.collect(after.sameStructure(before) ? "elements only" : "full script");
        if (!after.sameStructure(before)) {
            assertThat(update).isEqualTo(after.fullScript());
            return;
        }
        Map<String, Set<String>> sets = new HashMap<>();
        before.sets().forEach((name, set) -> sets.put(name, new TreeSet<>(set.elements())));
        for (String line : update.lines().toList()) {
            String[] head = line.substring(0, line.indexOf(" {")).split(" ");
            List<String> items = List.of(line.substring(line.indexOf("{ ") + 2, line.lastIndexOf(" }")).split(", "));
            Set<String> set = sets.get(head[4]);
            assertThat(set).as("update names an existing set: %s", line).isNotNull();
            if (head[0].equals("delete")) {
                set.removeIf(e -> items.contains(NftSet.key(e)));
            } else {
                assertThat(head[0]).isEqualTo("add");
                set.addAll(items);
            }
        }
        after.sets().forEach((name, set) -> assertThat(sets.get(name)).as(name).isEqualTo(set.elements()));
    }

    @Property(tries = 300)
    void mostChurnIsElementsOnlySoThePropertyAboveIsNotVacuous(@ForAll long seed) {
        World w = World.random(seed);
        NftRuleset before = NftCompiler.compile(PolicySnapshot.build(w.inputs()));
        NftRuleset after = NftCompiler.compile(PolicySnapshot.build(churn(w.inputs(), new Random(seed * 31 + 7))));
        Statistics.collect(after.sameStructure(before));
        Statistics.coverage(c -> c.check(true).percentage(p -> p > 30));
    }

    /** Removes, adds, moves (new IP) and relabels a few pods. */
    private static PolicyInputs churn(PolicyInputs in, Random r) {
        List<Pod> pods = new ArrayList<>(in.pods());
        for (int i = 0; i < 3 && !pods.isEmpty(); i++) {
            Pod p = pods.remove(r.nextInt(pods.size()));
            switch (r.nextInt(3)) {
                case 0 -> { } // gone
                case 1 -> pods.add(new Pod(p.namespace(), p.name(), p.labels(),
                        List.of(Ips.parse("10.9." + r.nextInt(250) + "." + (1 + r.nextInt(250)))), p.namedPorts()));
                default -> pods.add(new Pod(p.namespace(), p.name(), Map.of("app", String.valueOf("abc".charAt(r.nextInt(3)))),
                        p.ips(), p.namedPorts()));
            }
        }
        pods.add(new Pod("x", "new-" + r.nextInt(1000), Map.of("app", "a"), List.of(Ips.parse("10.8.0." + (1 + r.nextInt(250)))),
                List.of()));
        return new PolicyInputs(in.policies(), pods, in.namespaces(), in.nodeAddresses());
    }
}
