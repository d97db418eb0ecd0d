package io.strait.allocator.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.allocator.config.Selector;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnnouncerChoiceTest {
    final List<String> nodes = List.of("node-a", "node-b", "node-c", "node-d");

    @Test
    void everyNodeComputesTheSameAnswerWhateverTheOrder() {
        for (int i = 1; i < 50; i++) {
            InetAddress ip = InetAddress.ofLiteral("10.0.0." + i);
            List<String> shuffled = new ArrayList<>(nodes);
            Collections.shuffle(shuffled);
            assertThat(AnnouncerChoice.choose(ip, shuffled)).isEqualTo(AnnouncerChoice.choose(ip, nodes));
        }
    }

    @Test
    void ipsSpreadOverNodesAndOnlyTheLostNodesIpsMove() {
        Map<InetAddress, String> before = new HashMap<>();
        for (int i = 1; i <= 200; i++) {
            InetAddress ip = InetAddress.ofLiteral("10.0.1." + i);
            before.put(ip, AnnouncerChoice.choose(ip, nodes));
        }
        assertThat(Set.copyOf(before.values())).containsExactlyInAnyOrderElementsOf(nodes);
        List<String> without = List.of("node-a", "node-c", "node-d");
        before.forEach((ip, node) -> {
            String after = AnnouncerChoice.choose(ip, without);
            if (!node.equals("node-b")) {
                assertThat(after).isEqualTo(node);
            }
        });
    }

    @Test
    void eligibilityNeedsReadinessSelectorsAndLocalEndpoints() {
        var views = List.of(new AnnouncerChoice.NodeView("a", true, Map.of("l2", "yes")),
                new AnnouncerChoice.NodeView("b", false, Map.of("l2", "yes")),
                new AnnouncerChoice.NodeView("c", true, Map.of()),
                new AnnouncerChoice.NodeView("d", true, Map.of("l2", "yes")));
        var selector = List.of(new Selector(Map.of("l2", "yes"), List.of()));
        assertThat(AnnouncerChoice.eligible(views, selector, false, Set.of())).containsExactly("a", "d");
        assertThat(AnnouncerChoice.eligible(views, List.of(), true, Set.of("b", "c"))).containsExactly("c");
        assertThat(AnnouncerChoice.choose(InetAddress.ofLiteral("10.0.0.1"), List.of())).isNull();
    }
}
