package io.strait.netpol.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strait.netpol.model.NamedPort;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated scripts against the real nft (1.0.6 here) in a throw-away network namespace:
 * the full script passes {@code nft -c -f} (check mode) and also really loads, the element-only
 * update applies on top of it and leaves exactly the elements the new ruleset wants, and a
 * second full script replaces the table (old chains and elements gone). Root and nft needed.
 */
class NftScriptIT {
    @BeforeAll
    static void needRootAndNft() {
        Assumptions.assumeTrue(Netns.root(), "nft scripts are loaded in a network namespace: needs root");
        Assumptions.assumeTrue(Netns.onPath("nft"), "needs nft (Debian package nftables)");
    }

    @Test
    void fullScriptParsesLoadsAndTheIncrementalUpdateApplies() {
        NftRuleset before = NftCompilerTest.compile(Scenes.inputs(Scenes.pods()));
        List<Pod> pods = new ArrayList<>(Scenes.pods());
        pods.removeIf(p -> p.name().equals("web-1"));
        pods.add(Scenes.pod("x", "web-3", "10.244.1.10", null, "web", new NamedPort("http", 8080, Protocol.TCP)));
        pods.add(Scenes.pod("x", "client-2", "10.244.1.9", "fd00:244:1::9", "client"));
        NftRuleset after = NftCompilerTest.compile(Scenes.inputs(pods));
        try (Netns ns = new Netns()) {
            ns.exec(before.fullScript(), "nft", "-c", "-f", "-");
            ns.exec(before.fullScript(), "nft", "-f", "-");
            String update = after.updateFrom(before);
            assertThat(update).doesNotContain("table");
            ns.exec(update, "nft", "-f", "-");
            String maps = ns.exec(null, "nft", "list", "map", "inet", "strait-netpol", "ingress-v4");
            assertThat(maps).contains("10.244.1.10 : jump ingress-").doesNotContain("10.244.1.2 ");
            String peers = ns.exec(null, "nft", "list", "set", "inet", "strait-netpol", "p1-in0-v4");
            assertThat(peers).contains("10.244.1.4").contains("10.244.1.9");
        }
    }

    @Test
    void aFullScriptReplacesTheTableAndTheEmptyOneLoadsFirst() {
        NftRuleset full = NftCompilerTest.compile(Scenes.inputs(Scenes.pods()));
        NftRuleset empty = NftCompilerTest.compile(io.strait.netpol.engine.PolicyInputs.EMPTY);
        try (Netns ns = new Netns()) {
            ns.exec(empty.fullScript(), "nft", "-f", "-"); // first run: the table does not exist yet
            ns.exec(full.fullScript(), "nft", "-f", "-");
            ns.exec(empty.fullScript(), "nft", "-f", "-");
            String table = ns.exec(null, "nft", "list", "table", "inet", "strait-netpol");
            assertThat(table).contains("chain forward").doesNotContain("chain ingress-").doesNotContain("10.244.");
        }
    }

    @Test
    void theProgrammerDrivesRealNft() {
        NftRuleset one = NftCompilerTest.compile(Scenes.inputs(Scenes.pods()));
        List<Pod> pods = new ArrayList<>(Scenes.pods());
        pods.add(Scenes.pod("x", "client-2", "10.244.1.9", null, "client"));
        NftRuleset two = NftCompilerTest.compile(Scenes.inputs(pods));
        try (Netns ns = new Netns()) {
            var programmer = new io.strait.netpol.apply.NftProgrammer(
                    io.strait.netpol.apply.NftProgrammer.nft(List.of("ip", "netns", "exec", ns.name)));
            assertThat(programmer.apply(one).mode()).hasToString("FULL");
            assertThat(programmer.apply(two).mode()).hasToString("ELEMENTS");
            assertThat(ns.exec(null, "nft", "list", "set", "inet", "strait-netpol", "p1-in0-v4")).contains("10.244.1.9");
            ns.exec(null, "nft", "delete", "table", "inet", "strait-netpol"); // someone removed it behind our back
            var refused = programmer.apply(one); // the element update fails, the full script repairs it
            assertThat(refused.ok()).isTrue();
            assertThat(refused.mode()).hasToString("FULL");
            assertThat(ns.exec(null, "nft", "list", "set", "inet", "strait-netpol", "p1-in0-v4")).doesNotContain("10.244.1.9");
        }
    }

    @Test
    void nftRejectsABrokenScriptSoTheCheckIsReal() {
        String broken = NftCompilerTest.compile(Scenes.inputs(Scenes.pods())).fullScript().replace("th dport", "th dportx");
        try (Netns ns = new Netns()) {
            assertThatThrownBy(() -> ns.exec(broken, "nft", "-c", "-f", "-")).hasMessageContaining("syntax error");
        }
    }
}
