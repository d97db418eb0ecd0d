package io.strait.netpol.nft;

import static io.strait.netpol.Fixtures.ip;
import static io.strait.netpol.Fixtures.labels;
import static org.assertj.core.api.Assertions.assertThat;

import io.strait.netpol.engine.PolicyInputs;
import io.strait.netpol.engine.PolicySnapshot;
import io.strait.netpol.model.NamedPort;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NftCompilerTest {
    static NftRuleset compile(PolicyInputs in) {
        return NftCompiler.compile(PolicySnapshot.build(in));
    }

    /** The whole script, byte for byte; on a difference the actual text is left in target/ for review. */
    static void assertGolden(String name, String actual) throws IOException {
        String expected;
        try (InputStream in = NftCompilerTest.class.getResourceAsStream(name)) {
            expected = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!expected.equals(actual)) {
            Files.writeString(Path.of("target", name), actual);
        }
        assertThat(actual).as("golden %s (actual written to target/%s)", name, name).isEqualTo(expected);
    }

    @Test
    void fullScriptMatchesTheGoldenFile() throws IOException {
        assertGolden("golden-full.nft", compile(Scenes.inputs(Scenes.pods())).fullScript());
    }

    @Test
    void withoutPoliciesTheTableAcceptsEverything() throws IOException {
        assertGolden("golden-empty.nft", compile(PolicyInputs.EMPTY).fullScript());
    }

    @Test
    void podsComingAndGoingChangeOnlyElements() throws IOException {
        NftRuleset before = compile(Scenes.inputs(Scenes.pods()));
        List<Pod> pods = new ArrayList<>(Scenes.pods());
        pods.removeIf(p -> p.name().equals("web-1")); // web-3 (same named port number) keeps its chain in use
        pods.add(Scenes.pod("x", "client-2", "10.244.1.9", "fd00:244:1::9", "client"));
        pods.add(Scenes.pod("x", "web-3", "10.244.1.10", null, "web", new NamedPort("http", 8080, Protocol.TCP)));
        pods.add(Scenes.pod("y", "db-2", "10.244.2.3", null, "db", new NamedPort("pg", 5433, Protocol.TCP)));
        NftRuleset after = compile(Scenes.inputs(pods));
        assertThat(after.sameStructure(before)).isTrue();
        assertGolden("golden-update.nft", after.updateFrom(before));
        assertThat(after.updateFrom(after)).isEmpty();
    }

    @Test
    void aPodWithANewNamedPortNumberingOrAPolicyChangeRewritesTheTable() {
        NftRuleset before = compile(Scenes.inputs(Scenes.pods()));
        List<Pod> pods = new ArrayList<>(Scenes.pods());
        pods.add(Scenes.pod("x", "web-4", "10.244.1.11", null, "web", new NamedPort("http", 7070, Protocol.TCP)));
        NftRuleset after = compile(Scenes.inputs(pods));
        assertThat(after.sameStructure(before)).isFalse();
        assertThat(after.updateFrom(before)).startsWith("add table inet strait-netpol\ndelete table inet strait-netpol\n")
                .contains("{ 443, 7070 }");
        assertThat(after.updateFrom(null)).isEqualTo(after.fullScript());
    }

    @Test
    void podsWithTheSameRulesShareAChainAndNamedPortsSplitThem() {
        List<Pod> pods = new ArrayList<>(Scenes.pods());
        pods.add(Scenes.pod("x", "web-3", "10.244.1.10", null, "web", new NamedPort("http", 8080, Protocol.TCP)));
        NftRuleset r = compile(Scenes.inputs(pods));
        java.util.Map<String, String> chainOf = new java.util.HashMap<>();
        r.elements("ingress-v4").forEach(e -> chainOf.put(e.split(" : jump ")[0], e.split(" : jump ")[1]));
        assertThat(chainOf.get("10.244.1.10")).isEqualTo(chainOf.get("10.244.1.2")); // both resolve http to 8080
        assertThat(chainOf.get("10.244.1.3")).isNotEqualTo(chainOf.get("10.244.1.2")); // 9090
        assertThat(chainOf.get("10.244.2.2")).isNotIn(chainOf.get("10.244.1.2"), chainOf.get("10.244.1.3"));
        assertThat(chainOf).doesNotContainKey("10.244.1.4"); // the client is isolated for egress only
        assertThat(r.elements("egress-v4")).hasSize(1).first().asString().startsWith("10.244.1.4 : jump egress-");
        assertThat(r.elements("p0-eg0-np-v4")).containsExactly("10.244.2.2 . tcp . 5432");
        assertThat(r.elements("nodes-v6")).containsExactly("fd00:168::10");
    }

    @Test
    void overlappingPortRangesAreMerged() {
        var policy = io.strait.netpol.Fixtures.ingress("x", "ranges", io.strait.netpol.model.LabelSelector.EVERYTHING,
                new io.strait.netpol.model.Rule(List.of(), List.of(
                        io.strait.netpol.model.PolicyPort.range(Protocol.TCP, 80, 90),
                        io.strait.netpol.model.PolicyPort.range(Protocol.TCP, 85, 100),
                        io.strait.netpol.model.PolicyPort.number(Protocol.TCP, 101),
                        io.strait.netpol.model.PolicyPort.number(Protocol.TCP, 443))));
        var in = new PolicyInputs(List.of(policy), List.of(new Pod("x", "a", labels(), List.of(ip("10.0.0.1")), List.of())),
                List.of(), Set.of());
        assertThat(compile(in).fullScript()).contains("meta l4proto tcp th dport { 80-101, 443 } accept");
    }
}
