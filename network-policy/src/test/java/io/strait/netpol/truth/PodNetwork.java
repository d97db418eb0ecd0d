package io.strait.netpol.truth;

import io.strait.netpol.nft.Netns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One node network namespace holding the CNI bridge {@code cni0} (10.244.7.0/24 and
 * fd00:244:7::/64, made by the
 * reference bridge plugin run inside the node, as a runtime calls it) and the policy table, with
 * one network namespace per pod. Names are random ({@code st-netpol-…}); {@link #close} ends the
 * agents by PID and deletes every namespace, pods first, also when set-up failed half way.
 */
final class PodNetwork implements AutoCloseable {
    static final String CNI = "/usr/lib/cni";
    private static final Pattern POD_IP = Pattern.compile("\"address\"\\s*:\\s*\"([0-9.]+)/");
    private static final Pattern POD_IP6 = Pattern.compile("\"address\"\\s*:\\s*\"([0-9a-f:]+)/");
    static final String GATEWAY = "10.244.7.1";
    static final String GATEWAY6 = "fd00:244:7::1";

    private final Netns node;
    private final List<Netns> podNamespaces = new ArrayList<>();
    private final List<TruthPod> pods = new ArrayList<>();
    private TruthPod nodeAgent;
    private final List<TruthPod> starting = new ArrayList<>();
    private final Path work;
    private final Path agent;

    PodNetwork(List<String> namespaces, List<String> podNames) throws IOException {
        work = Files.createTempDirectory("strait-netpol-truth");
        agent = work.resolve("agent.py");
        try (InputStream in = PodNetwork.class.getResourceAsStream("agent.py")) {
            Files.copy(in, agent);
        }
        node = new Netns();
        try {
            node.exec(null, "ip", "link", "set", "lo", "up");
            node.exec(null, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.all.accept_dad=0");
            for (String ns : namespaces) {
                for (String name : podNames) {
                    pods.add(pod(ns, name));
                }
            }
            nodeAgent = agent(node, "", "node", GATEWAY, GATEWAY6);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private TruthPod pod(String namespace, String name) throws IOException {
        Netns ns = new Netns();
        podNamespaces.add(ns);
        String bridge = """
                {"cniVersion": "1.0.0", "name": "podnet", "type": "bridge", "bridge": "cni0",
                 "isGateway": true, "ipMasq": false, "hairpinMode": true,
                 "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.244.7.0/24", "gateway": "%s"}],
                                                            [{"subnet": "fd00:244:7::/64", "gateway": "%s"}]],
                          "routes": [{"dst": "0.0.0.0/0"}, {"dst": "::/0"}], "dataDir": "%s"}}
                """.formatted(GATEWAY, GATEWAY6, work.resolve("ipam"));
        // No duplicate address detection on this private bridge: addresses are usable at once.
        ns.exec(null, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.all.accept_dad=0");
        String result = cni(ns, "eth0", "bridge", bridge);
        cni(ns, "lo", "loopback", "{\"cniVersion\": \"1.0.0\", \"name\": \"lo\", \"type\": \"loopback\"}");
        Matcher m = POD_IP.matcher(result);
        Matcher m6 = POD_IP6.matcher(result);
        if (!m.find() || !m6.find()) {
            throw new IllegalStateException("CNI ADD for " + ns.name + " gave no IPv4 and IPv6 address: " + result);
        }
        waitUntilNotTentative(ns);
        return agent(ns, namespace, name, m.group(1), m6.group(1));
    }

    /** Starts the agent (servers and prober) in a namespace and waits for it to be ready. */
    private TruthPod agent(Netns ns, String namespace, String name, String ip, String ip6) throws IOException {
        String id = namespace.isEmpty() ? name : namespace + "/" + name;
        Process p = new ProcessBuilder("ip", "netns", "exec", ns.name, "python3", agent.toString(), id, "1.0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        var in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        TruthPod pod = new TruthPod(namespace, name, ns.name, ip, ip6, p, in, out);
        starting.add(pod); // tracked before the wait, so close() ends it whatever happens
        String ready = out.readLine();
        if (!"ready".equals(ready)) {
            throw new IllegalStateException("agent of " + pod.id() + " did not start: " + ready);
        }
        return pod;
    }

    /** IPv6 addresses still in duplicate address detection cannot be used; wait (at most 10 s) until none is. */
    private void waitUntilNotTentative(Netns pod) {
        for (int i = 0; i < 200; i++) {
            if (pod.exec(null, "ip", "-6", "addr", "show", "tentative").isBlank()
                    && node.exec(null, "ip", "-6", "addr", "show", "tentative").isBlank()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("IPv6 addresses of " + pod.name + " stayed tentative");
    }

    private String cni(Netns pod, String ifName, String plugin, String config) {
        return node.exec(config, "env", "CNI_COMMAND=ADD", "CNI_CONTAINERID=" + pod.name, "CNI_NETNS=/var/run/netns/" + pod.name,
                "CNI_IFNAME=" + ifName, "CNI_PATH=" + CNI, CNI + "/" + plugin);
    }

    List<TruthPod> pods() {
        return pods;
    }

    /** The node itself as a prober and a target (its {@code cni0} addresses), for node-traffic probes. */
    TruthPod nodeAgent() {
        return nodeAgent;
    }

    /** Runs {@code nft -f -} with this script in the node (where the pods' traffic is forwarded). */
    void nft(String script) {
        node.exec(script, "nft", "-f", "-");
    }

    /** Forgets every tracked flow in the node ({@code conntrack -F}). */
    void flushConntrack() {
        node.exec(null, "conntrack", "-F");
    }

    @Override
    public void close() {
        for (TruthPod p : starting) {
            p.agent().destroyForcibly();
            try {
                p.agent().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Netns ns : podNamespaces) {
            quietly(ns);
        }
        quietly(node);
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // temporary folder: best effort
        }
    }

    private static void quietly(Netns ns) {
        try {
            ns.close();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
