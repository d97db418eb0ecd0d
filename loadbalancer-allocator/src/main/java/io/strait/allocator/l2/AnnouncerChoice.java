package io.strait.allocator.l2;

import io.strait.allocator.config.Selector;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which node answers ARP/NDP for a LoadBalancer IP, after MetalLB {@code internal/layer2}
 * (speaker's {@code ShouldAnnounce}): among eligible nodes (Ready, matching an L2Advertisement's
 * nodeSelectors, and with a ready local endpoint when externalTrafficPolicy is Local), the
 * first when sorted by SHA-256 of {@code nodeName + "#" + ip}. Every node computes the same answer
 * from the same inputs, so exactly one announces and failover needs no coordination. Pure.
 */
public final class AnnouncerChoice {
    private AnnouncerChoice() {}

    /** A node as announcement cares about it. */
    public record NodeView(String name, boolean ready, Map<String, String> labels) {
        public NodeView {
            labels = Map.copyOf(labels);
        }
    }

    public static List<String> eligible(Collection<NodeView> nodes, List<Selector> nodeSelectors, boolean localPolicy,
                                        Set<String> nodesWithReadyEndpoints) {
        return nodes.stream()
                .filter(NodeView::ready)
                .filter(n -> nodeSelectors.isEmpty() || nodeSelectors.stream().anyMatch(s -> s.matches(n.labels())))
                .filter(n -> !localPolicy || nodesWithReadyEndpoints.contains(n.name()))
                .map(NodeView::name)
                .toList();
    }

    /** The announcing node, or null when none is eligible. */
    public static String choose(InetAddress ip, Collection<String> eligible) {
        return eligible.stream().min(Comparator.comparing((String n) -> hash(n, ip), Arrays::compareUnsigned)
                .thenComparing(n -> n)).orElse(null);
    }

    private static byte[] hash(String node, InetAddress ip) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest((node + "#" + ip.getHostAddress()).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
