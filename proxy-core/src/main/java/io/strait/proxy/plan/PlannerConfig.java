package io.strait.proxy.plan;

import io.strait.lb.Algorithm;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What the planner needs to know about this node and the operator's choices.
 *
 * @param nodeName          this node's name (endpoints with this nodeName are local)
 * @param nodePortAddresses the node addresses NodePorts listen on
 * @param defaultAlgorithm  the balancing algorithm when a Service names none
 * @param maglevTableSize   Maglev lookup table size (a prime)
 */
public record PlannerConfig(String nodeName, List<InetAddress> nodePortAddresses, Algorithm defaultAlgorithm,
                            int maglevTableSize) {
    /** Per-Service choice of algorithm. */
    public static final String ALGORITHM_ANNOTATION = "strait.io/lb-algorithm";

    public PlannerConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        nodePortAddresses = List.copyOf(nodePortAddresses);
        Objects.requireNonNull(defaultAlgorithm, "defaultAlgorithm");
    }

    public PlannerConfig(String nodeName, List<InetAddress> nodePortAddresses, Algorithm defaultAlgorithm) {
        this(nodeName, nodePortAddresses, defaultAlgorithm, io.strait.lb.MaglevTable.DEFAULT_SIZE);
    }
}
