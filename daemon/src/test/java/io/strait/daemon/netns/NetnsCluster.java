package io.strait.daemon.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A small cluster of network namespaces for one test class ({@code @RegisterExtension static}):
 * an underlay namespace with bridge {@code br0} on 10.200.0.0/24, nodes (10.200.0.11, .12, …; pod
 * CIDRs 10.201.N.0/24), pods attached by the CNI reference plugins as a container runtime calls
 * them, and external clients (10.200.0.100, …). Every name starts with {@code st-<6 random>} so
 * parallel runs never meet; all addresses exist only inside these namespaces.
 *
 * <p>Teardown (after the class, and from a JVM shutdown hook if the JVM dies first) kills every
 * process it started by PID (with its descendants), then any process still inside one of its
 * namespaces, and deletes every namespace, pods first. Skips the class, saying why, when not root
 * or when {@code ip}, {@code curl}, python3 or the CNI plugins are missing.
 */
public final class NetnsCluster implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    static final String CNI = "/usr/lib/cni";
    private static final Pattern POD_IP = Pattern.compile("\"address\"\\s*:\\s*\"([0-9.]+)/");

    private final String id = randomId();
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Thread hook = new Thread(this::close, "netns-cluster-teardown");
    private int clients;
    private Path work;
    private String underlay;
    private String python;
    private String tool;
    private boolean closed;

    private static String randomId() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        }
        return sb.toString();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Assumptions.assumeTrue(Cmd.run("id", "-u").strip().equals("0"), "network-namespace tests need root");
        for (String tool : List.of("ip", "curl", "python3")) {
            Assumptions.assumeTrue(Cmd.onPath(tool), "network-namespace tests need " + tool + " on the PATH");
        }
        for (String plugin : List.of("bridge", "host-local", "loopback")) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of(CNI, plugin)), "network-namespace tests need the CNI "
                    + plugin + " plugin in " + CNI + " (Debian package containernetworking-plugins)");
        }
        Runtime.getRuntime().addShutdownHook(hook);
        work = Files.createTempDirectory("strait-netns-" + id);
        python = Cmd.run("python3", "-c", "import sys; print(sys.executable)").strip();
        tool = work.resolve("nettool.py").toString();
        try (InputStream in = NetnsCluster.class.getResourceAsStream("nettool.py")) {
            Files.copy(in, Path.of(tool));
        }
        underlay = namespace("underlay");
        Cmd.run("ip", "-n", underlay, "link", "add", "br0", "type", "bridge");
        Cmd.run("ip", "-n", underlay, "link", "set", "br0", "up");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException ignored) {
            // shutting down already, or never added
        }
    }

    private String namespace(String role) {
        String ns = "st-" + id + "-" + role;
        Cmd.run("ip", "netns", "add", ns);
        namespaces.add(ns);
        Cmd.run("ip", "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /** A veth from the underlay bridge to {@code eth0} in ns, with this address. */
    private void attach(String ns, String vethName, String address) {
        Cmd.run("ip", "-n", underlay, "link", "add", vethName, "type", "veth", "peer", "name", "eth0", "netns", ns);
        Cmd.run("ip", "-n", underlay, "link", "set", vethName, "master", "br0", "up");
        Cmd.run("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0");
        Cmd.run("ip", "-n", ns, "link", "set", "eth0", "up");
    }

    /** A node on the underlay, routing to and from every other node's pod CIDR. */
    public Node node(String name) throws IOException {
        int n = nodes.size() + 1;
        String ns = namespace("node-" + name);
        Node node = new Node(this, name, ns, "10.200.0." + (10 + n), "10.201." + n, work);
        attach(ns, "st" + id + "n" + n, node.ip());
        Cmd.in(ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        for (Node other : nodes) {
            Cmd.run("ip", "-n", ns, "route", "add", other.podCidr(), "via", other.ip());
            Cmd.run("ip", "-n", other.ns(), "route", "add", node.podCidr(), "via", node.ip());
        }
        nodes.add(node);
        return node;
    }

    /** An external client on the underlay. */
    public Client client(String name) {
        int n = ++clients;
        String ns = namespace("client-" + name);
        String ip = "10.200.0." + (99 + n);
        attach(ns, "st" + id + "c" + n, ip);
        return new Client(this, ns, ip);
    }

    /** Routes cidr from the client to a node (e.g. LoadBalancer IPs announced by that node). */
    public void route(Client client, String cidr, Node via) {
        Cmd.run("ip", "-n", client.ns(), "route", "replace", cidr, "via", via.ip());
    }

    /**
     * Makes a TCP server of the test JVM (on loopback, e.g. a mock API server) reachable at
     * 127.0.0.1:port inside node: socat in the node relays to a Unix socket in this cluster's work
     * folder (file-system paths cross network namespaces), where socat in the test's own namespace
     * relays to the server. No interface outside these namespaces is touched.
     */
    public void expose(int serverPort, Node node, int port) throws IOException, InterruptedException {
        Path socket = work.resolve("relay-" + serverPort + ".sock");
        if (!Files.exists(socket)) {
            track(new ProcessBuilder("socat", "UNIX-LISTEN:" + socket + ",fork",
                    "TCP:127.0.0.1:" + serverPort).redirectErrorStream(true).start());
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                Thread.sleep(20);
            }
        }
        track(new ProcessBuilder("ip", "netns", "exec", node.ns(), "socat",
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr", "UNIX-CONNECT:" + socket)
                .redirectErrorStream(true).start());
    }

    /** A pod on node, added as a container runtime would (CNI ADD), running its name server. */
    public Pod pod(Node node, String name) throws IOException {
        String ns = namespace("pod-" + name);
        String bridge = """
                {"cniVersion": "1.0.0", "name": "podnet", "type": "bridge", "bridge": "cni0",
                 "isGateway": true, "ipMasq": false, "hairpinMode": true,
                 "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s.0/24", "gateway": "%s.1"}]],
                          "routes": [{"dst": "0.0.0.0/0"}], "dataDir": "%s"}}
                """.formatted(node.podSubnet(), node.podSubnet(), node.cniData());
        String result = cni(node, ns, "eth0", "bridge", bridge);
        cni(node, ns, "lo", "loopback", "{\"cniVersion\": \"1.0.0\", \"name\": \"lo\", \"type\": \"loopback\"}");
        Matcher m = POD_IP.matcher(result);
        if (!m.find()) {
            throw new IllegalStateException("CNI ADD for " + ns + " gave no address: " + result);
        }
        Process server = track(new ProcessBuilder("ip", "netns", "exec", ns, python, tool, "serve", name)
                .redirectErrorStream(true).start());
        String ready = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"ready".equals(ready)) {
            throw new IllegalStateException("pod server " + name + " did not start: " + ready);
        }
        return new Pod(name, ns, m.group(1), node);
    }

    /** A client inside a pod (pod-to-Service traffic). */
    public Client from(Pod pod) {
        return new Client(this, pod.ns(), pod.ip());
    }

    /** Runs a CNI plugin inside the node's namespace, so cni0 stays there. */
    private String cni(Node node, String podNs, String ifName, String plugin, String config) {
        return Cmd.run(config, List.of("ip", "netns", "exec", node.ns(), "env", "CNI_COMMAND=ADD",
                "CNI_CONTAINERID=" + podNs, "CNI_NETNS=/var/run/netns/" + podNs, "CNI_IFNAME=" + ifName,
                "CNI_PATH=" + CNI, CNI + "/" + plugin));
    }

    synchronized Process track(Process p) {
        processes.add(p);
        return p;
    }

    String python() {
        return python;
    }

    String tool() {
        return tool;
    }

    String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Kills everything started and deletes every namespace; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces.reversed()) {
            try {
                for (String pid : Cmd.run("ip", "netns", "pids", ns).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (RuntimeException ignored) {
                // namespace already gone
            }
            Cmd.quietly("ip", "netns", "del", ns);
        }
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
