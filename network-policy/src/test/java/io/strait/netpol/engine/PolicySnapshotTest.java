package io.strait.netpol.engine;

import static io.strait.netpol.Fixtures.egress;
import static io.strait.netpol.Fixtures.ingress;
import static io.strait.netpol.Fixtures.ip;
import static io.strait.netpol.Fixtures.labels;
import static io.strait.netpol.Fixtures.ns;
import static io.strait.netpol.Fixtures.pod;
import static io.strait.netpol.Fixtures.sel;
import static io.strait.netpol.model.Protocol.SCTP;
import static io.strait.netpol.model.Protocol.TCP;
import static io.strait.netpol.model.Protocol.UDP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strait.netpol.engine.Decision.Outcome;
import io.strait.netpol.model.Cidr;
import io.strait.netpol.model.Direction;
import io.strait.netpol.model.LabelSelector;
import io.strait.netpol.model.NamedPort;
import io.strait.netpol.model.NetworkPolicy;
import io.strait.netpol.model.Peer;
import io.strait.netpol.model.Pod;
import io.strait.netpol.model.PolicyPort;
import io.strait.netpol.model.PolicyRef;
import io.strait.netpol.model.Protocol;
import io.strait.netpol.model.Rule;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One test per clause of the NetworkPolicy specification, on a small fixed cluster. */
class PolicySnapshotTest {
    // namespaces x (team=x), y (team=y); pods a (app=a), b (app=b) in each.
    private static final List<Pod> PODS = List.of(
            pod("x", "a", "10.0.1.1", labels("app", "a"), new NamedPort("http", 8080, TCP)),
            pod("x", "b", "10.0.1.2", labels("app", "b"), new NamedPort("http", 9090, TCP), new NamedPort("dns", 53, UDP)),
            pod("y", "a", "10.0.2.1", labels("app", "a")),
            pod("y", "b", "10.0.2.2", labels("app", "b"), new NamedPort("http", 7070, TCP)));
    private static final String XA = "10.0.1.1";
    private static final String XB = "10.0.1.2";
    private static final String YA = "10.0.2.1";
    private static final String YB = "10.0.2.2";
    private static final String NODE = "192.168.0.10";
    private static final String OUTSIDE = "203.0.113.7";

    private static PolicySnapshot snapshot(NetworkPolicy... policies) {
        return PolicySnapshot.build(new PolicyInputs(List.of(policies), PODS,
                List.of(ns("x", "team", "x"), ns("y", "team", "y")), Set.of(ip(NODE))));
    }

    private static boolean allowed(PolicySnapshot s, String src, String dst, int port, Protocol proto) {
        return s.check(ip(src), ip(dst), port, proto).allowed();
    }

    private static Rule from(Peer... peers) {
        return new Rule(List.of(peers), List.of());
    }

    private static Peer pods(LabelSelector s) {
        return new Peer.Selector(s, null);
    }

    private static Peer namespaces(LabelSelector s) {
        return new Peer.Selector(null, s);
    }

    @Test
    void withoutPoliciesEverythingIsAllowedAndNothingIsolated() {
        Verdict v = snapshot().check(ip(XA), ip(YB), 80, TCP);
        assertThat(v.allowed()).isTrue();
        assertThat(v.egress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
    }

    @Test
    void emptyPodSelectorIsolatesEveryPodOfItsNamespaceOnly() {
        PolicySnapshot s = snapshot(ingress("x", "deny-all", LabelSelector.EVERYTHING));
        assertThat(allowed(s, YA, XA, 80, TCP)).isFalse();
        assertThat(allowed(s, YA, XB, 80, TCP)).isFalse();
        assertThat(allowed(s, XA, XB, 80, TCP)).isFalse();
        assertThat(allowed(s, XA, YB, 80, TCP)).isTrue();
        Verdict v = s.check(ip(YA), ip(XA), 80, TCP);
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.ingress().isolatedBy()).containsExactly(new PolicyRef("x", "deny-all"));
        assertThat(v.egress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
    }

    @Test
    void aPodCannotBlockItselfAndTheNodeAlwaysPasses() {
        PolicySnapshot s = snapshot(ingress("x", "deny-all", LabelSelector.EVERYTHING),
                egress("x", "deny-all-egress", LabelSelector.EVERYTHING));
        assertThat(s.check(ip(XA), ip(XA), 80, TCP).ingress().outcome()).isEqualTo(Outcome.SAME_POD);
        assertThat(allowed(s, XA, XA, 80, TCP)).isTrue();
        Verdict fromNode = s.check(ip(NODE), ip(XA), 80, TCP);
        assertThat(fromNode.allowed()).isTrue();
        assertThat(fromNode.ingress().outcome()).isEqualTo(Outcome.NODE);
        assertThat(s.check(ip(XA), ip(NODE), 10250, TCP).egress().outcome()).isEqualTo(Outcome.NODE);
        assertThat(allowed(s, XA, OUTSIDE, 443, TCP)).isFalse();
        assertThat(allowed(s, OUTSIDE, XA, 80, TCP)).isFalse();
    }

    @Test
    void podSelectorWithMatchLabelsIsolatesOnlyMatchingPods() {
        PolicySnapshot s = snapshot(ingress("x", "a-only", sel("app", "a")));
        assertThat(allowed(s, YA, XA, 80, TCP)).isFalse();
        assertThat(allowed(s, YA, XB, 80, TCP)).isTrue();
    }

    @Test
    void matchExpressionsSelectTheIsolatedPods() {
        var notA = new LabelSelector(java.util.Map.of(), List.of(new io.strait.netpol.model.Requirement("app",
                io.strait.netpol.model.Requirement.Operator.NOT_IN, List.of("a"))));
        PolicySnapshot s = snapshot(ingress("x", "not-a", notA));
        assertThat(allowed(s, YA, XA, 80, TCP)).isTrue();
        assertThat(allowed(s, YA, XB, 80, TCP)).isFalse();
    }

    @Test
    void policyTypesDefaultToIngressAndToEgressOnlyWhenEgressRulesExist() {
        NetworkPolicy noEgressRules = ingress("x", "p", LabelSelector.EVERYTHING, Rule.ALL);
        assertThat(noEgressRules.types()).containsExactly(Direction.INGRESS);
        NetworkPolicy withEgress = NetworkPolicy.of("x", "q", LabelSelector.EVERYTHING, Set.of(), List.of(),
                List.of(new Rule(List.of(pods(sel("app", "b"))), List.of())));
        assertThat(withEgress.types()).containsExactlyInAnyOrder(Direction.INGRESS, Direction.EGRESS);
        PolicySnapshot s = snapshot(withEgress);
        assertThat(allowed(s, XA, YA, 80, TCP)).isFalse(); // egress isolated, y/a not allowed
        assertThat(allowed(s, XA, XB, 80, TCP)).isFalse(); // egress allowed, but x/b ingress is isolated with no rule
        assertThat(s.check(ip(XA), ip(XB), 80, TCP).egress().outcome()).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void egressOnlyPolicyIgnoresItsIngressRulesAndDoesNotIsolateIngress() {
        NetworkPolicy p = NetworkPolicy.of("x", "e", LabelSelector.EVERYTHING, Set.of(Direction.EGRESS),
                List.of(from(pods(sel("app", "none")))), List.of());
        PolicySnapshot s = snapshot(p);
        assertThat(allowed(s, YA, XA, 80, TCP)).isTrue();
        assertThat(allowed(s, XA, YA, 80, TCP)).isFalse();
    }

    @Test
    void podSelectorPeerMeansPodsOfThePolicysOwnNamespace() {
        PolicySnapshot s = snapshot(ingress("x", "from-b", sel("app", "a"), from(pods(sel("app", "b")))));
        assertThat(allowed(s, XB, XA, 80, TCP)).isTrue();
        assertThat(allowed(s, YB, XA, 80, TCP)).isFalse();
    }

    @Test
    void emptyPodSelectorPeerMeansEveryPodOfTheNamespaceButNoOtherAddress() {
        PolicySnapshot s = snapshot(ingress("x", "from-x", sel("app", "a"), from(pods(LabelSelector.EVERYTHING))));
        assertThat(allowed(s, XB, XA, 80, TCP)).isTrue();
        assertThat(allowed(s, YB, XA, 80, TCP)).isFalse();
        assertThat(allowed(s, OUTSIDE, XA, 80, TCP)).isFalse();
    }

    @Test
    void namespaceSelectorPeerMeansEveryPodOfTheSelectedNamespaces() {
        PolicySnapshot s = snapshot(ingress("x", "from-y", sel("app", "a"), from(namespaces(sel("team", "y")))));
        assertThat(allowed(s, YA, XA, 80, TCP)).isTrue();
        assertThat(allowed(s, YB, XA, 80, TCP)).isTrue();
        assertThat(allowed(s, XB, XA, 80, TCP)).isFalse();
        PolicySnapshot all = snapshot(ingress("x", "from-all", sel("app", "a"), from(namespaces(LabelSelector.EVERYTHING))));
        assertThat(allowed(all, XB, XA, 80, TCP)).isTrue();
        assertThat(allowed(all, YB, XA, 80, TCP)).isTrue();
        assertThat(allowed(all, OUTSIDE, XA, 80, TCP)).isFalse();
    }

    @Test
    void bothSelectorsInOnePeerAreAndTwoPeersAreOr() {
        PolicySnapshot and = snapshot(ingress("x", "and", sel("app", "a"),
                from(new Peer.Selector(sel("app", "b"), sel("team", "y")))));
        assertThat(allowed(and, YB, XA, 80, TCP)).isTrue();
        assertThat(allowed(and, YA, XA, 80, TCP)).isFalse();
        assertThat(allowed(and, XB, XA, 80, TCP)).isFalse();
        PolicySnapshot or = snapshot(ingress("x", "or", sel("app", "a"),
                from(pods(sel("app", "b")), namespaces(sel("team", "y")))));
        assertThat(allowed(or, YB, XA, 80, TCP)).isTrue();
        assertThat(allowed(or, YA, XA, 80, TCP)).isTrue();
        assertThat(allowed(or, XB, XA, 80, TCP)).isTrue();
    }

    @Test
    void ipBlockAllowsItsCidrExceptTheExceptions() {
        Peer block = new Peer.IpBlock(Cidr.parse("10.0.0.0/16"), List.of(Cidr.parse("10.0.2.0/24")));
        PolicySnapshot s = snapshot(ingress("x", "blk", sel("app", "a"), from(block)),
                egress("x", "blk-out", sel("app", "a"), new Rule(List.of(block), List.of())));
        assertThat(allowed(s, XB, XA, 80, TCP)).isTrue(); // pod IPs count for ipBlocks too
        assertThat(allowed(s, YA, XA, 80, TCP)).isFalse(); // in except
        assertThat(allowed(s, "10.0.200.1", XA, 80, TCP)).isTrue();
        assertThat(allowed(s, OUTSIDE, XA, 80, TCP)).isFalse();
        assertThat(allowed(s, XA, "10.0.9.9", 80, TCP)).isTrue();
        assertThat(allowed(s, XA, YB, 80, TCP)).isFalse();
    }

    @Test
    void portsMatchProtocolNumberAndInclusiveRanges() {
        Rule r = new Rule(List.of(), List.of(PolicyPort.number(TCP, 80), PolicyPort.range(UDP, 1000, 1002),
                PolicyPort.any(SCTP)));
        PolicySnapshot s = snapshot(ingress("x", "ports", sel("app", "a"), r));
        assertThat(allowed(s, YA, XA, 80, TCP)).isTrue();
        assertThat(allowed(s, YA, XA, 80, UDP)).isFalse();
        assertThat(allowed(s, YA, XA, 81, TCP)).isFalse();
        assertThat(allowed(s, YA, XA, 1000, UDP)).isTrue();
        assertThat(allowed(s, YA, XA, 1002, UDP)).isTrue();
        assertThat(allowed(s, YA, XA, 1003, UDP)).isFalse();
        assertThat(allowed(s, YA, XA, 999, UDP)).isFalse();
        assertThat(allowed(s, YA, XA, 4242, SCTP)).isTrue();
        assertThat(allowed(s, YA, XA, 1000, TCP)).isFalse();
    }

    @Test
    void ingressNamedPortIsResolvedOnEachDestinationPodWithItsProtocol() {
        Rule http = new Rule(List.of(), List.of(PolicyPort.named(TCP, "http")));
        PolicySnapshot s = snapshot(ingress("x", "http", LabelSelector.EVERYTHING, http),
                ingress("y", "dns", LabelSelector.EVERYTHING, new Rule(List.of(), List.of(PolicyPort.named(TCP, "dns")))));
        assertThat(allowed(s, YA, XA, 8080, TCP)).isTrue();
        assertThat(allowed(s, YA, XA, 9090, TCP)).isFalse();
        assertThat(allowed(s, YA, XB, 9090, TCP)).isTrue();
        assertThat(allowed(s, YA, XB, 8080, TCP)).isFalse();
        assertThat(allowed(s, YA, XB, 9090, UDP)).isFalse();
        assertThat(allowed(s, XB, YA, 53, TCP)).isFalse(); // y/a has no dns port; x/b's is UDP anyway
    }

    @Test
    void egressNamedPortIsResolvedOnTheDestinationPodAndNeverMatchesANonPod() {
        Rule toHttp = new Rule(List.of(), List.of(PolicyPort.named(TCP, "http")));
        PolicySnapshot s = snapshot(egress("y", "out-http", sel("app", "a"), toHttp));
        assertThat(allowed(s, YA, XA, 8080, TCP)).isTrue();
        assertThat(allowed(s, YA, XB, 9090, TCP)).isTrue();
        assertThat(allowed(s, YA, XB, 8080, TCP)).isFalse();
        assertThat(allowed(s, YA, OUTSIDE, 8080, TCP)).isFalse();
    }

    @Test
    void policiesSelectingAPodAddUpAndTheVerdictNamesThem() {
        PolicySnapshot s = snapshot(ingress("x", "p1", sel("app", "a"), from(pods(sel("app", "b")))),
                ingress("x", "p2", LabelSelector.EVERYTHING, from(namespaces(sel("team", "y")))));
        Verdict fromYa = s.check(ip(YA), ip(XA), 80, TCP);
        assertThat(fromYa.allowed()).isTrue();
        assertThat(fromYa.ingress().allowedBy()).isEqualTo(new PolicyRef("x", "p2"));
        assertThat(fromYa.ingress().isolatedBy()).containsExactly(new PolicyRef("x", "p1"), new PolicyRef("x", "p2"));
        assertThat(s.check(ip(XB), ip(XA), 80, TCP).ingress().allowedBy()).isEqualTo(new PolicyRef("x", "p1"));
        assertThat(allowed(s, XA, XB, 80, TCP)).isFalse(); // x/b only has p2
        assertThat(s.isolating(ip(XA), Direction.INGRESS)).containsExactly(new PolicyRef("x", "p1"), new PolicyRef("x", "p2"));
    }

    @Test
    void aConnectionNeedsTheSourcesEgressAndTheDestinationsIngress() {
        PolicySnapshot s = snapshot(egress("y", "out-none", sel("app", "a")),
                ingress("x", "in-all", LabelSelector.EVERYTHING, Rule.ALL));
        Verdict v = s.check(ip(YA), ip(XA), 80, TCP);
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(v.egress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.allowed()).isFalse();
        assertThat(allowed(s, YB, XA, 80, TCP)).isTrue();
    }

    @Test
    void anIpClaimedTwiceBelongsToTheFirstPodByNamespaceAndName() {
        List<Pod> pods = List.of(pod("x", "z-late", "10.0.1.1", labels("app", "b")), pod("x", "a-early", "10.0.1.1", labels("app", "a")));
        PolicySnapshot s = PolicySnapshot.build(new PolicyInputs(List.of(ingress("x", "a", sel("app", "a"))), pods, List.of(), Set.of()));
        assertThat(s.check(ip("10.9.9.9"), ip("10.0.1.1"), 80, TCP).allowed()).isFalse();
        assertThat(s.selection().pods()).extracting(Pod::name).containsExactly("a-early");
    }

    @Test
    void ipv6PodsAndIpBlocksWork() {
        List<Pod> pods = List.of(new Pod("x", "a", labels("app", "a"), List.of(ip("10.0.1.1"), ip("fd00::1")), List.of()),
                new Pod("x", "b", labels("app", "b"), List.of(ip("10.0.1.2"), ip("fd00::2")), List.of()));
        Peer v6 = new Peer.IpBlock(Cidr.parse("fd00::/64"), List.of(Cidr.parse("fd00::2/128")));
        PolicySnapshot s = PolicySnapshot.build(new PolicyInputs(List.of(ingress("x", "v6", sel("app", "a"), from(v6))),
                pods, List.of(), Set.of()));
        assertThat(s.check(ip("fd00::9"), ip("fd00::1"), 80, TCP).allowed()).isTrue();
        assertThat(s.check(ip("fd00::2"), ip("fd00::1"), 80, TCP).allowed()).isFalse();
        assertThat(s.check(ip("10.0.1.2"), ip("10.0.1.1"), 80, TCP).allowed()).isFalse();
    }

    @Test
    void aPolicyGivenTwiceIsRefused() {
        assertThatThrownBy(() -> snapshot(ingress("x", "p", LabelSelector.EVERYTHING), ingress("x", "p", sel("app", "a"))))
                .hasMessageContaining("x/p given twice");
    }
}
