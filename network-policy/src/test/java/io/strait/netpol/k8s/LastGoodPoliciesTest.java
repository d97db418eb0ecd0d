package io.strait.netpol.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.netpol.model.PolicyRef;
import io.strait.netpol.model.PolicyPort;
import io.strait.netpol.model.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class LastGoodPoliciesTest {
    private static final String GOOD = "{podSelector: {}, ingress: [{ports: [{port: 80}]}]}";
    private static final String BETTER = "{podSelector: {}, ingress: [{ports: [{port: 81}]}]}";
    private static final String BAD = "{podSelector: {}, ingress: [{ports: [{port: 0}]}]}";

    @Test
    void aMalformedVersionNeverReplacesTheLastGoodOne() {
        LastGoodPolicies policies = new LastGoodPolicies();
        assertThat(policies.update(List.of(Json.policy(GOOD))).problems()).isEmpty();
        var r = policies.update(List.of(Json.policy(BAD)));
        assertThat(r.problems()).extracting(PolicyProblem::toString)
                .containsExactly("NetworkPolicy x/p: spec.ingress[0].ports[0].port: 0 is not a port number (1-65535)");
        assertThat(r.stale()).containsExactly(new PolicyRef("x", "p"));
        assertThat(r.inForce().getFirst().ingress().getFirst().ports()).containsExactly(PolicyPort.number(Protocol.TCP, 80));
        var fixed = policies.update(List.of(Json.policy(BETTER)));
        assertThat(fixed.problems()).isEmpty();
        assertThat(fixed.stale()).isEmpty();
        assertThat(fixed.inForce().getFirst().ingress().getFirst().ports()).containsExactly(PolicyPort.number(Protocol.TCP, 81));
    }

    @Test
    void aDeletedPolicyGoesAndABadNewOneIsReportedButNotEnforced() {
        LastGoodPolicies policies = new LastGoodPolicies();
        policies.update(List.of(Json.policy(GOOD)));
        assertThat(policies.update(List.of()).inForce()).isEmpty();
        var r = policies.update(List.of(Json.policy(BAD)));
        assertThat(r.inForce()).isEmpty();
        assertThat(r.problems()).hasSize(1);
        assertThat(r.stale()).isEmpty();
    }
}
