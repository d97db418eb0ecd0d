package io.strait.proxy.plan;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What the planner needs to know about this node and the operator's choices.
 *
 * @param nodeName          this node's name (endpoints with this nodeName are local)
 * @param nodePortAddresses the node addresses NodePorts listen on
 * @param defaultAlgorithm  the balancing algorithm when a Service names none
 */
public record PlannerConfig(String nodeName, List<InetAddress> nodePortAddresses, String defaultAlgorithm) {
    public static final String ALGORITHM_ANNOTATION = "strait.io/lb-algorithm";

    public PlannerConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        nodePortAddresses = List.copyOf(nodePortAddresses);
        Objects.requireNonNull(defaultAlgorithm, "defaultAlgorithm");
    }
}
