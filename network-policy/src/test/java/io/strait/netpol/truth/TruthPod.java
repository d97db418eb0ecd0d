package io.strait.netpol.truth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod of the harness: its Kubernetes namespace and name, its network namespace and IPs, and its
 * agent process (servers on TCP/UDP 80 and 81, and the prober).
 */
final class TruthPod {
    final String namespace;
    final String name;
    final String netns;
    final String ip;
    final String ip6;
    private final Process agent;
    private final Writer in;
    private final BufferedReader out;

    TruthPod(String namespace, String name, String netns, String ip, String ip6, Process agent, Writer in, BufferedReader out) {
        this.namespace = namespace;
        this.name = name;
        this.netns = netns;
        this.ip = ip;
        this.ip6 = ip6;
        this.agent = agent;
        this.in = in;
        this.out = out;
    }

    /** {@code ns/pod}, or {@code node} for the node's own agent. */
    String id() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    Process agent() {
        return agent;
    }

    /** Sends one batch of probes ({@code "IP PORT tcp|udp"}) and returns one answer per probe: true = reached. */
    List<Boolean> probe(List<String> targets) throws IOException {
        return probe(targets, 1.0);
    }

    /** {@link #probe(List)} with this timeout per probe, in seconds. */
    List<Boolean> probe(List<String> targets, double timeoutSeconds) throws IOException {
        if (targets.isEmpty()) {
            return List.of();
        }
        StringBuilder sb = new StringBuilder("probe ").append(targets.size()).append(' ').append(timeoutSeconds).append('\n');
        targets.forEach(t -> sb.append(t).append('\n'));
        in.write(sb.toString());
        in.flush();
        List<Boolean> results = new ArrayList<>();
        for (String line = out.readLine(); !"done".equals(line); line = out.readLine()) {
            if (line == null) {
                throw new IOException("agent of " + id() + " exited");
            }
            results.add(line.startsWith("ok "));
        }
        return results;
    }
}
