package io.strait.daemon.demo;

import io.strait.daemon.ProxyOptions;
import io.strait.daemon.standalone.Standalone;
import io.strait.proxy.dataplane.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code strait demo}: three HTTP backends on loopback, a Service for them written from the
 * bundled manifest into a temporary folder, and standalone mode serving that folder.
 */
public final class Demo implements AutoCloseable {
    static final String CLUSTER_IP = "127.10.0.1";
    private static final String NODE_IP = "127.0.0.1";

    private final List<DemoBackend> backends;
    private final Standalone standalone;
    private final Path dir;
    private final List<String> urls;

    private Demo(List<DemoBackend> backends, Standalone standalone, Path dir, List<String> urls) {
        this.backends = backends;
        this.standalone = standalone;
        this.dir = dir;
        this.urls = urls;
    }

    /** Starts everything; returns once the Service answers. */
    public static Demo start(PrintStream console, int count, Transport transport) throws IOException, InterruptedException {
        int backendPort = freePort(List.of("127.0.1.1", "127.0.1.2", "127.0.1.3"), 8080);
        List<DemoBackend> backends = new ArrayList<>();
        StringBuilder endpoints = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String ip = "127.0.1." + i;
            backends.add(new DemoBackend("backend-" + i, new InetSocketAddress(InetAddress.ofLiteral(ip), backendPort), console));
            endpoints.append("- addresses: [\"").append(ip).append("\"]\n")
                    .append("  conditions: {ready: true}\n")
                    .append("  nodeName: demo-node\n");
        }
        int port = freePort(List.of(CLUSTER_IP), 8080);
        int nodePort = freePort(List.of(NODE_IP), 30080);
        Path dir = Files.createTempDirectory("strait-demo-");
        String manifest = template()
                .replace("${CLUSTER_IP}", CLUSTER_IP)
                .replace("${PORT}", Integer.toString(port))
                .replace("${NODE_PORT}", Integer.toString(nodePort))
                .replace("${BACKEND_PORT}", Integer.toString(backendPort))
                .replace("${ENDPOINTS}", endpoints.toString());
        Files.writeString(dir.resolve("hello.yaml"), manifest);
        ProxyOptions options = new ProxyOptions("demo-node",
                new InetSocketAddress(InetAddress.ofLiteral(NODE_IP), 0),
                new InetSocketAddress(InetAddress.ofLiteral(NODE_IP), 0),
                List.of(NODE_IP + "/32"), transport, io.strait.lb.Algorithm.ROUND_ROBIN,
                Duration.ofMillis(20), Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofSeconds(30))
                .withInspect(inspectAddress());
        Standalone standalone;
        try {
            standalone = Standalone.start(dir, options, null, dnsSettings());
            if (!standalone.awaitApplied(Duration.ofSeconds(10))) {
                standalone.close();
                throw new IllegalStateException("the demo Service was not applied within 10 s");
            }
        } catch (RuntimeException e) {
            backends.forEach(DemoBackend::close);
            throw e;
        }
        List<String> urls = List.of("http://" + CLUSTER_IP + ":" + port + "/", "http://" + NODE_IP + ":" + nodePort + "/");
        return new Demo(backends, standalone, dir, urls);
    }

    /** The URLs to try: the ClusterIP, then the NodePort. */
    public List<String> urls() {
        return urls;
    }

    public Path manifests() {
        return dir;
    }

    public Standalone standalone() {
        return standalone;
    }

    /** Prints what to try. */
    public void printHowTo(PrintStream out) {
        var http = standalone.runtime().http();
        out.println();
        out.println("Strait demo is running: Service demo/hello balances round-robin over " + backends.size()
                + " backends (" + String.join(", ", backends.stream().map(b -> b.name() + " on "
                + b.address().getAddress().getHostAddress() + ":" + b.address().getPort()).toList()) + ").");
        out.println();
        out.println("Try it from another terminal (each request shows here which backend answered):");
        out.println("  curl " + urls.get(0) + "      # ClusterIP");
        out.println("  curl " + urls.get(1) + "      # NodePort");
        out.println("  for i in 1 2 3 4 5 6; do curl -s " + urls.get(0) + "; done");
        standalone.runtime().dns().ifPresent(dns -> out.println("  dig @" + dns.address().getAddress().getHostAddress()
                + " -p " + dns.address().getPort() + " hello.demo.svc." + dns.zone() + "      # cluster DNS"));
        out.println();
        out.println("Health:  curl http://" + hostPort(http.healthAddress()) + "/healthz");
        out.println("Metrics: curl http://" + hostPort(http.metricsAddress()) + "/metrics");
        out.println("Inspect: " + inspectCommand(http.inspectAddress()) + "      # and strait connections");
        out.println("Manifests: " + dir.resolve("hello.yaml") + " (edit it: changes apply within a second)");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /**
     * Cluster DNS on a free loopback port; names outside the zone go to the node's resolv.conf
     * nameservers. None when resolv.conf cannot be read (the demo runs without DNS then).
     */
    private static io.strait.dns.DnsSettings dnsSettings() {
        if (!Files.isReadable(io.strait.dns.DnsSettings.RESOLV_CONF)) {
            return null;
        }
        return new io.strait.dns.DnsSettings(new InetSocketAddress(InetAddress.ofLiteral(NODE_IP), 0),
                new io.strait.dns.zone.ZoneSettings(io.strait.dns.zone.ZoneSettings.DEFAULT_ORIGIN, 5,
                        io.strait.dns.zone.PodsMode.INSECURE),
                List.of(), io.strait.dns.DnsSettings.RESOLV_CONF, 1, false);
    }

    /** The default inspection address when it is free, so {@code strait status} finds the demo unaided. */
    private static InetSocketAddress inspectAddress() throws IOException {
        InetSocketAddress preferred = io.strait.daemon.cli.HostPort.parse(ProxyOptions.DEFAULT_INSPECT);
        int port = freePort(List.of(preferred.getAddress().getHostAddress()), preferred.getPort());
        return new InetSocketAddress(preferred.getAddress(), port);
    }

    static String inspectCommand(InetSocketAddress a) {
        return a.equals(io.strait.daemon.cli.HostPort.parse(ProxyOptions.DEFAULT_INSPECT)) ? "strait status"
                : "strait status --address " + hostPort(a);
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public void close() {
        standalone.close();
        backends.forEach(DemoBackend::close);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; the OS cleans it eventually
        }
    }

    private static String template() throws IOException {
        try (InputStream in = Demo.class.getResourceAsStream("hello.yaml")) {
            if (in == null) {
                throw new IllegalStateException("demo manifest missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The preferred port if it is free on every address, else one the OS hands out. */
    static int freePort(List<String> ips, int preferred) throws IOException {
        if (freeEverywhere(ips, preferred)) {
            return preferred;
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.ofLiteral(ips.getFirst()))) {
                candidate = s.getLocalPort();
            }
            if (freeEverywhere(ips, candidate)) {
                return candidate;
            }
        }
        throw new UncheckedIOException(new IOException("no free port on " + ips));
    }

    private static boolean freeEverywhere(List<String> ips, int port) {
        for (String ip : ips) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.ofLiteral(ip), port));
            } catch (IOException e) {
                return false;
            }
            try (var u = new java.net.DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(ip), port))) {
                // free for UDP too
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
