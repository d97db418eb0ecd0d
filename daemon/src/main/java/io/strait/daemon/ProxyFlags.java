package io.strait.daemon;

import io.strait.daemon.cli.GoDuration;
import io.strait.daemon.cli.HostPort;
import io.strait.proxy.dataplane.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags shared by the proxy commands; names follow kube-proxy where the meaning is the same. */
public final class ProxyFlags {
    @Option(names = {"--hostname-override", "--node-name"}, paramLabel = "NAME",
            description = "This node's name (default: the host name). Endpoints whose nodeName matches are local.")
    String nodeName;

    @Option(names = "--healthz-bind-address", paramLabel = "IP:PORT", defaultValue = "0.0.0.0:10256",
            description = "Where /healthz and /livez answer (default: ${DEFAULT-VALUE}).")
    String healthz;

    @Option(names = "--metrics-bind-address", paramLabel = "IP:PORT", defaultValue = "127.0.0.1:10249",
            description = "Where /metrics answers (default: ${DEFAULT-VALUE}).")
    String metrics;

    @Option(names = "--inspect-bind-address", paramLabel = "IP:PORT", defaultValue = ProxyOptions.DEFAULT_INSPECT,
            description = "Where /status and /connections answer (strait status, strait connections); they show "
                    + "client addresses, so keep it off the metrics address (default: ${DEFAULT-VALUE}).")
    String inspect;

    @Option(names = "--nodeport-addresses", paramLabel = "CIDR", split = ",",
            description = "Node addresses NodePorts listen on: CIDRs, or 'primary'. Unset: every address of the node.")
    List<String> nodePortAddresses = new ArrayList<>();

    @Option(names = "--transport", paramLabel = "auto|io_uring|epoll|nio", defaultValue = "auto",
            description = "Netty transport (default: ${DEFAULT-VALUE}, the best available).")
    String transport;

    @Option(names = "--lb-algorithm", paramLabel = "NAME", defaultValue = "round-robin",
            description = "Balancing algorithm for Services without a strait.io/lb-algorithm annotation (default: ${DEFAULT-VALUE}).")
    String lbAlgorithm;

    @Option(names = "--min-sync-period", paramLabel = "DURATION", defaultValue = "20ms",
            description = "Minimum time between two syncs; changes arriving faster are coalesced (default: ${DEFAULT-VALUE}).")
    String minSyncPeriod;

    @Option(names = "--sync-period", paramLabel = "DURATION", defaultValue = "30s",
            description = "Maximum time between two syncs (periodic full resync; default: ${DEFAULT-VALUE}).")
    String syncPeriod;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "3s",
            description = "Timeout of a connection attempt to an endpoint (default: ${DEFAULT-VALUE}).")
    String connectTimeout;

    @Option(names = "--udp-idle-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "A UDP flow idle this long is forgotten, as conntrack does (default: ${DEFAULT-VALUE}).")
    String udpIdleTimeout;

    /** Applied as soon as the command line is parsed, before anything logs. */
    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = "Log lines on stderr as text, or as one JSON object per line (default: ${DEFAULT-VALUE}).")
    void logFormat(String format) {
        io.strait.daemon.logging.LogFormat.parse(format).apply();
    }

    @Option(names = "--tcp-idle-timeout", paramLabel = "DURATION", defaultValue = "24h",
            description = "An established TCP connection idle this long is closed (kube-proxy's conntrack-tcp-timeout-established; default: ${DEFAULT-VALUE}).")
    String tcpIdleTimeout;

    @Option(names = "--max-flows", paramLabel = "N", defaultValue = "262144",
            description = "Most proxied TCP connections plus UDP flows at once; beyond it new connections get a RST and new UDP flows are dropped (default: ${DEFAULT-VALUE}).")
    int maxFlows;

    @Option(names = "--drain-grace-period", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long established connections of a deleted Service port keep running before they are closed (default: ${DEFAULT-VALUE}).")
    String drainGracePeriod;

    @Option(names = "--metrics-per-backend", defaultValue = "false",
            description = "Also export strait_backend_connections_active per endpoint (one series per endpoint: "
                    + "unbounded in big clusters, hence off by default).")
    boolean metricsPerBackend;

    @Option(names = "--metrics-per-service-histograms", defaultValue = "false",
            description = "Export the connect, first-byte and duration histograms per Service port (about 20-50 "
                    + "series each); off by default: one set per protocol for the node.")
    boolean metricsPerServiceHistograms;

    @Option(names = "--splice", defaultValue = "false",
            description = "Relay TCP bulk bytes by splice(2) (zero-copy) where the transport allows: epoll only; "
                    + "with io_uring or NIO it is logged and copying is used.")
    boolean splice;

    /** Resolves the flags; throws IllegalArgumentException naming the flag at fault. */
    public ProxyOptions resolve() {
        return new ProxyOptions(
                nodeName != null ? nodeName : hostName(),
                flag("--healthz-bind-address", () -> HostPort.parse(healthz)),
                flag("--metrics-bind-address", () -> HostPort.parse(metrics)),
                nodePortAddresses,
                flag("--transport", () -> Transport.select(transport)),
                flag("--lb-algorithm", () -> io.strait.lb.Algorithm.parse(lbAlgorithm)),
                flag("--min-sync-period", () -> GoDuration.parse(minSyncPeriod)),
                flag("--sync-period", () -> GoDuration.parse(syncPeriod)),
                flag("--connect-timeout", () -> GoDuration.parse(connectTimeout)),
                flag("--udp-idle-timeout", () -> GoDuration.parse(udpIdleTimeout)),
                flag("--tcp-idle-timeout", () -> GoDuration.parse(tcpIdleTimeout)),
                flag("--max-flows", () -> maxFlows),
                flag("--drain-grace-period", () -> GoDuration.parse(drainGracePeriod)),
                splice,
                metricsPerBackend,
                metricsPerServiceHistograms,
                flag("--inspect-bind-address", () -> HostPort.parse(inspect)));
    }

    private static <T> T flag(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    static String hostName() {
        String env = System.getenv("NODE_NAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
