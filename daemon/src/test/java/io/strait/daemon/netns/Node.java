package io.strait.daemon.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A "node": a namespace on the underlay ({@code eth0}), the gateway of its pods ({@code cni0},
 * made by the CNI bridge plugin on first pod), routing to the other nodes' pod CIDRs over the
 * underlay, and running Strait standalone on its own manifest folder as a child process.
 */
public final class Node {
    private final NetnsCluster cluster;
    private final String name;
    private final String ns;
    private final String ip;
    private final String podSubnet; // e.g. "10.201.1"
    private final Path manifests;
    private final Path cniData;
    private final Path log;
    private Process proxy;

    Node(NetnsCluster cluster, String name, String ns, String ip, String podSubnet, Path work) throws IOException {
        this.cluster = cluster;
        this.name = name;
        this.ns = ns;
        this.ip = ip;
        this.podSubnet = podSubnet;
        this.manifests = Files.createDirectories(work.resolve(name + "-manifests"));
        this.cniData = Files.createDirectories(work.resolve(name + "-cni"));
        this.log = work.resolve(name + "-strait.log");
    }

    /** The Kubernetes node name (endpoints with this nodeName are local to it). */
    public String name() {
        return name;
    }

    public String ns() {
        return ns;
    }

    /** Its underlay address (NodePorts listen there). */
    public String ip() {
        return ip;
    }

    /** Its pod CIDR, e.g. 10.201.1.0/24. */
    public String podCidr() {
        return podSubnet + ".0/24";
    }

    String podSubnet() {
        return podSubnet;
    }

    Path cniData() {
        return cniData;
    }

    /** Writes (or replaces) one manifest file in this node's folder; Strait picks it up by polling. */
    public void write(String file, String yaml) {
        try {
            Path tmp = Files.writeString(manifests.resolve("." + file + ".tmp"), yaml);
            Files.move(tmp, manifests.resolve(file), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes one manifest file from this node's folder. */
    public void remove(String file) {
        try {
            Files.deleteIfExists(manifests.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts Strait standalone inside this node: NodePorts on the underlay address, ClusterIPs and
     * LoadBalancer IPs local by AnyIP routes for the given CIDRs.
     */
    public void startStrait(String serviceCidrs, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, cluster.java(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.strait.daemon.Main", "standalone",
                "--manifests", manifests.toString(), "--hostname-override", name,
                "--nodeport-addresses", ip + "/32", "--vip-mode", "anyip", "--service-cidr", serviceCidrs,
                "--healthz-bind-address", "127.0.0.1:10256", "--metrics-bind-address", "127.0.0.1:10249"));
        cmd.addAll(List.of(extra));
        proxy = cluster.track(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    /**
     * Starts {@code strait proxy} (Kubernetes mode) inside this node against the API server at
     * master (an address reachable inside the namespace): NodePorts on the underlay address,
     * ClusterIPs and LoadBalancer IPs local by AnyIP routes for the given CIDRs.
     */
    public void startProxy(String master, String serviceCidrs, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, cluster.java(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.strait.daemon.Main", "proxy",
                "--master", master, "--hostname-override", name,
                "--nodeport-addresses", ip + "/32", "--vip-mode", "anyip", "--service-cidr", serviceCidrs,
                "--healthz-bind-address", "127.0.0.1:10256", "--metrics-bind-address", "127.0.0.1:10249"));
        cmd.addAll(List.of(extra));
        proxy = cluster.track(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    /**
     * Sends SIGTERM to the Strait last started here ({@code strait proxy} or {@code standalone};
     * {@code ip netns exec} execs it) and waits for it.
     */
    public int stopProxy() throws InterruptedException {
        proxy.destroy();
        if (!proxy.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("strait in " + ns + " did not stop after SIGTERM");
        }
        return proxy.exitValue();
    }

    /** What Strait logged so far (for failure messages). */
    public String straitLog() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return name + " (" + ns + ", " + ip + ")";
    }
}
