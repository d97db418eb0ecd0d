package io.strait.netpol.apply;

import static io.strait.netpol.Fixtures.ingress;
import static io.strait.netpol.Fixtures.labels;
import static io.strait.netpol.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.strait.netpol.engine.PolicyInputs;
import io.strait.netpol.engine.PolicySnapshot;
import io.strait.netpol.model.LabelSelector;
import io.strait.netpol.model.Pod;
import io.strait.netpol.nft.NftCompiler;
import io.strait.netpol.nft.NftRuleset;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NftProgrammerTest {
    private final List<String> sent = new ArrayList<>();
    private int failuresLeft;

    private final NftProgrammer programmer = new NftProgrammer(script -> {
        sent.add(script);
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new IOException("Error: Could not process rule: No such file or directory");
        }
    });

    private static NftRuleset rules(Pod... pods) {
        return NftCompiler.compile(PolicySnapshot.build(new PolicyInputs(List.of(ingress("x", "deny", LabelSelector.EVERYTHING)),
                List.of(pods), List.of(), Set.of())));
    }

    private static final Pod A = pod("x", "a", "10.0.0.1", labels());
    private static final Pod B = pod("x", "b", "10.0.0.2", labels());

    @Test
    void firstApplyIsFullThenElementsThenNothing() {
        assertThat(programmer.apply(rules(A)).mode()).isEqualTo(NftProgrammer.Result.Mode.FULL);
        assertThat(sent.getLast()).startsWith("add table inet strait-netpol\ndelete table");
        assertThat(programmer.apply(rules(A, B)).mode()).isEqualTo(NftProgrammer.Result.Mode.ELEMENTS);
        assertThat(sent.getLast()).isEqualTo("add element inet strait-netpol ingress-v4 { 10.0.0.2 : jump ingress-e3b0c44298fc }\n");
        assertThat(programmer.apply(rules(A, B)).mode()).isEqualTo(NftProgrammer.Result.Mode.UNCHANGED);
        assertThat(sent).hasSize(2);
    }

    @Test
    void aRefusedUpdateFallsBackToTheFullScript() {
        programmer.apply(rules(A));
        failuresLeft = 1;
        var r = programmer.apply(rules(A, B));
        assertThat(r.ok()).isTrue();
        assertThat(r.mode()).isEqualTo(NftProgrammer.Result.Mode.FULL);
        assertThat(sent.getLast()).startsWith("add table");
        assertThat(programmer.applied()).isEqualTo(rules(A, B));
    }

    @Test
    void whenNftRefusesEverythingTheLastAppliedStateIsKeptAndReported() {
        programmer.apply(rules(A));
        failuresLeft = 2;
        var r = programmer.apply(rules(A, B));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("No such file or directory");
        assertThat(programmer.applied()).isEqualTo(rules(A));
        programmer.forget();
        assertThat(programmer.apply(rules(A, B)).mode()).isEqualTo(NftProgrammer.Result.Mode.FULL);
    }
}
