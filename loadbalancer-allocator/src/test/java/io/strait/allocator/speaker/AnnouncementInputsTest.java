package io.strait.allocator.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.strait.allocator.l2.AnnouncerChoice.NodeView;
import io.strait.proxy.model.NodeInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Node readiness as the announcer choice sees it, in both modes. */
class AnnouncementInputsTest {
    static Node node(String... conditions) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName("n").withLabels(Map.of("rack", "r1")).endMetadata();
        if (conditions.length > 0) {
            b.withNewStatus().withConditions(List.of(conditions).stream().map(c -> c.split("="))
                    .map(kv -> new NodeConditionBuilder().withType(kv[0]).withStatus(kv[1]).build()).toList()).endStatus();
        }
        return b.build();
    }

    @Test
    void readyOnlyWithReadyTrue() {
        assertThat(AnnouncementInputs.node(node("MemoryPressure=False", "Ready=True"), false))
                .isEqualTo(new NodeView("n", true, Map.of("rack", "r1")));
        assertThat(AnnouncementInputs.node(node("Ready=False"), true).ready()).isFalse();
        assertThat(AnnouncementInputs.node(node("Ready=Unknown"), true).ready()).isFalse();
        assertThat(AnnouncementInputs.node(node("NetworkUnavailable=False"), false).ready()).isFalse();
    }

    @Test
    void aNodeLabelledExcludeFromExternalLoadBalancersIsNeverEligible() {
        Node excluded = node("Ready=True");
        excluded.getMetadata().setLabels(Map.of(AnnouncementInputs.EXCLUDE_LABEL, ""));
        assertThat(AnnouncementInputs.node(excluded, true).ready()).isFalse();
        assertThat(AnnouncementInputs.node(excluded, true, true).ready()).as("--ignore-exclude-lb").isTrue();
        assertThat(AnnouncementInputs.node(node("Ready=False"), true, true).ready()).isFalse();
    }

    @Test
    void aNodeWithoutAReadyConditionCountsAsReadyOnlyInStandalone() {
        assertThat(AnnouncementInputs.node(node(), true).ready()).isTrue();
        assertThat(AnnouncementInputs.node(node(), false).ready()).isFalse();
    }

    @Test
    void standaloneAddsThisNodeAsReadyOnlyWhenTheFolderHasNoNodeOfItsName() {
        NodeInfo self = new NodeInfo("a", Map.of("x", "1"));
        assertThat(AnnouncementInputs.nodes(List.of(new NodeView("b", true, Map.of())), self))
                .containsExactly(new NodeView("b", true, Map.of()), new NodeView("a", true, Map.of("x", "1")));
        assertThat(AnnouncementInputs.nodes(List.of(new NodeView("a", false, Map.of())), self))
                .containsExactly(new NodeView("a", false, Map.of()));
    }

    @Test
    void onlyServicesWithoutALoadBalancerClassOrWithOursAreAnnounced() throws Exception {
        var config = AnnouncementsTest.config();
        java.net.InetAddress ip = java.net.InetAddress.ofLiteral("10.0.0.9");
        java.util.function.Function<String, io.strait.proxy.model.ServiceInfo> svc = cls ->
                new io.strait.proxy.model.ServiceInfo(new io.strait.proxy.model.ServiceName("shop", "web"),
                        io.strait.proxy.model.ServiceType.LOAD_BALANCER, List.of(), List.of(), List.of(ip), List.of(),
                        null, io.strait.lb.TrafficPolicy.CLUSTER, io.strait.lb.TrafficPolicy.CLUSTER,
                        io.strait.lb.TrafficDistribution.NONE, 0, List.of(), Map.of(), cls);
        java.util.function.Function<String, Integer> views = cls -> AnnouncementInputs.services(config,
                new io.strait.proxy.model.ClusterState(Map.of(svc.apply(cls).name(), svc.apply(cls)), Map.of(),
                        AnnouncementsTest.SELF)).size();
        assertThat(views.apply(null)).isEqualTo(1);
        assertThat(views.apply("strait.io/lb")).isEqualTo(1);
        assertThat(views.apply("example.com/cloud-lb")).as("another implementation's address, even inside our pool")
                .isZero();
    }

    @Test
    void aServiceCarriesWhetherAnyEndpointIsReadyOnANodeOrNot() throws Exception {
        var config = AnnouncementsTest.config();
        var state = AnnouncementsTest.state(java.net.InetAddress.ofLiteral("10.0.0.9"));
        var name = state.services().keySet().iterator().next();
        java.util.function.Function<List<io.strait.proxy.model.EndpointAddress>, List<Boolean>> ready = eps ->
                AnnouncementInputs.services(config, new io.strait.proxy.model.ClusterState(state.services(),
                        Map.of(name, List.of(new io.strait.proxy.model.SliceInfo(name, "web-1", List.of(), eps, null))),
                        state.node())).stream().map(v -> v.anyReadyEndpoint()).toList();
        java.util.function.BiFunction<String, Boolean, io.strait.proxy.model.EndpointAddress> ep = (node, r) ->
                new io.strait.proxy.model.EndpointAddress(java.net.InetAddress.ofLiteral("10.244.0.5"), node, null, r, r,
                        false, java.util.Set.of(), java.util.Set.of());
        assertThat(ready.apply(List.of())).containsExactly(false);
        assertThat(ready.apply(List.of(ep.apply("n", false)))).containsExactly(false);
        assertThat(ready.apply(List.of(ep.apply("n", false), ep.apply(null, true)))).containsExactly(true);
    }
}
