package io.strait.netpol.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strait.netpol.model.Cidr;
import io.strait.netpol.model.Direction;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Peer;
import io.strait.netpol.model.PolicyPort;
import io.strait.netpol.model.Protocol;
import io.strait.netpol.model.Requirement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTranslatorTest {

    @Test
    void translatesEveryKindOfPeerAndPortWithTheApiDefaults() {
        NetworkPolicy p = PolicyTranslator.translate(Json.policy("""
                {podSelector: {matchLabels: {app: 'db'}, matchExpressions: [{key: 'tier', operator: 'NotIn', values: ['x']}]},
                 ingress: [{from: [{podSelector: {}}, {namespaceSelector: {matchLabels: {team: 'a'}}},
                                   {podSelector: {matchLabels: {r: 'w'}}, namespaceSelector: {}},
                                   {ipBlock: {cidr: '10.0.0.0/8', except: ['10.1.0.0/16']}}],
                            ports: [{port: 80}, {protocol: 'UDP', port: 1000, endPort: 1010}, {port: 'http'}, {protocol: 'SCTP'}]}]}
                """));
        assertThat(p.types()).containsExactly(Direction.INGRESS);
        assertThat(p.podSelector().matchLabels()).containsEntry("app", "db");
        assertThat(p.podSelector().expressions()).containsExactly(new Requirement("tier", Requirement.Operator.NOT_IN, List.of("x")));
        var rule = p.ingress().getFirst();
        assertThat(rule.peers()).hasSize(4);
        assertThat(((Peer.Selector) rule.peers().get(0)).namespaceSelector()).isNull();
        assertThat(((Peer.Selector) rule.peers().get(1)).podSelector()).isNull();
        assertThat(((Peer.Selector) rule.peers().get(2)).namespaceSelector().isEmpty()).isTrue();
        assertThat(rule.peers().get(3)).isEqualTo(new Peer.IpBlock(Cidr.parse("10.0.0.0/8"), List.of(Cidr.parse("10.1.0.0/16"))));
        assertThat(rule.ports()).containsExactly(PolicyPort.number(Protocol.TCP, 80), PolicyPort.range(Protocol.UDP, 1000, 1010),
                PolicyPort.named(Protocol.TCP, "http"), PolicyPort.any(Protocol.SCTP));
    }

    @Test
    void egressRulesAddTheEgressTypeAndDeclaredTypesWin() {
        assertThat(PolicyTranslator.translate(Json.policy("{podSelector: {}, egress: [{}]}")).types())
                .containsExactlyInAnyOrder(Direction.INGRESS, Direction.EGRESS);
        assertThat(PolicyTranslator.translate(Json.policy("{podSelector: {}, egress: []}")).types())
                .containsExactly(Direction.INGRESS);
        assertThat(PolicyTranslator.translate(Json.policy("{podSelector: {}, policyTypes: ['Egress'], ingress: [{}]}")).types())
                .containsExactly(Direction.EGRESS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}| spec.podSelector: is required",
        "{podSelector: {}, policyTypes: ['Both']}| spec.policyTypes[0]: \"Both\" is not Ingress or Egress",
        "{podSelector: {matchExpressions: [{key: 'a', operator: 'Is'}]}}| spec.podSelector.matchExpressions[0].operator: \"Is\" is not",
        "{podSelector: {matchExpressions: [{key: 'a', operator: 'In'}]}}| spec.podSelector.matchExpressions[0].values: operator IN needs at least one value",
        "{podSelector: {matchExpressions: [{key: 'a', operator: 'Exists', values: ['b']}]}}| spec.podSelector.matchExpressions[0].values: operator EXISTS takes no values",
        "{podSelector: {}, ingress: [{from: [{}]}]}| spec.ingress[0].from[0]: must set podSelector, namespaceSelector or ipBlock",
        "{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: '10.0.0.0/8'}, podSelector: {}}]}]}| spec.ingress[0].from[0]: ipBlock cannot be combined",
        "{podSelector: {}, egress: [{to: [{ipBlock: {cidr: '10.0.0/8'}}]}]}| spec.egress[0].to[0].ipBlock.cidr: \"10.0.0/8\" is not",
        "{podSelector: {}, egress: [{to: [{ipBlock: {cidr: '10.0.0.0/8', except: ['11.0.0.0/16']}}]}]}| spec.egress[0].to[0].ipBlock.except[0]: \"11.0.0.0/16\" must be strictly within cidr 10.0.0.0/8",
        "{podSelector: {}, egress: [{to: [{ipBlock: {cidr: '10.0.0.0/8', except: ['10.0.0.0/8']}}]}]}| spec.egress[0].to[0].ipBlock.except[0]: \"10.0.0.0/8\" must be strictly within",
        "{podSelector: {}, ingress: [{ports: [{protocol: 'ICMP'}]}]}| spec.ingress[0].ports[0].protocol: \"ICMP\" is not TCP, UDP or SCTP",
        "{podSelector: {}, ingress: [{}, {ports: [{port: 0}]}]}| spec.ingress[1].ports[0].port: 0 is not a port number",
        "{podSelector: {}, ingress: [{ports: [{port: 70000}]}]}| spec.ingress[0].ports[0].port: 70000 is not a port number",
        "{podSelector: {}, ingress: [{ports: [{port: 'HTTP'}]}]}| spec.ingress[0].ports[0].port: \"HTTP\" is not a port name",
        "{podSelector: {}, ingress: [{ports: [{port: '8080'}]}]}| spec.ingress[0].ports[0].port: \"8080\" is not a port name",
        "{podSelector: {}, ingress: [{ports: [{port: 'http', endPort: 90}]}]}| spec.ingress[0].ports[0].endPort: cannot be used with a named port",
        "{podSelector: {}, ingress: [{ports: [{endPort: 90}]}]}| spec.ingress[0].ports[0].endPort: needs a numeric port",
        "{podSelector: {}, ingress: [{ports: [{port: 100, endPort: 90}]}]}| spec.ingress[0].ports[0].endPort: 90 must be between port 100 and 65535",
    })
    void refusesWhatTheApiServerRefusesNamingObjectAndField(String spec, String message) {
        assertThatThrownBy(() -> PolicyTranslator.translate(Json.policy(spec)))
                .isInstanceOf(PolicyProblem.Invalid.class)
                .hasMessageStartingWith("NetworkPolicy x/p: " + message);
    }
}
