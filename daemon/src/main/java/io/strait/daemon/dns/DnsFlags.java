package io.strait.daemon.dns;

import io.strait.daemon.cli.HostPort;
import io.strait.dns.DnsSettings;
import io.strait.dns.forward.ForwarderSettings;
import io.strait.dns.zone.PodsMode;
import io.strait.dns.zone.ZoneSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Flags of the node-local cluster DNS, for a picocli {@code @Mixin}. In Kubernetes mode the server
 * runs by default on {@value #KUBERNETES_BIND} (NodeLocal DNSCache's address, where the kubelet's
 * {@code clusterDNS} points); in standalone mode only when {@code --dns-bind-address} is given.
 * {@code --dns-bind-address off} turns it off in either mode.
 */
public final class DnsFlags {
    public static final String KUBERNETES_BIND = "169.254.20.10:53";

    @Option(names = "--dns-bind-address", paramLabel = "IP:PORT|off",
            description = "Where cluster DNS answers, UDP and TCP (Kubernetes mode default: " + KUBERNETES_BIND
                    + "; standalone: off unless given).")
    String bindAddress;

    @Option(names = "--dns-upstream", paramLabel = "IP[:PORT]", split = ",",
            description = "Resolvers for names outside the cluster domain, tried in order (default: the nameservers of --dns-resolv-conf).")
    List<String> upstreams = new ArrayList<>();

    @Option(names = "--dns-resolv-conf", paramLabel = "FILE", defaultValue = "/etc/resolv.conf",
            description = "Read for upstreams when --dns-upstream is not given (default: ${DEFAULT-VALUE}).")
    Path resolvConf;

    @Option(names = "--dns-pods", paramLabel = "disabled|insecure", defaultValue = "insecure",
            description = "Pod names a-b-c-d.NS.pod.ZONE, as CoreDNS's pods option (default: ${DEFAULT-VALUE}; verified is not supported).")
    String pods;

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN", defaultValue = ZoneSettings.DEFAULT_ORIGIN,
            description = "The cluster's DNS domain (default: ${DEFAULT-VALUE}).")
    String clusterDomain;

    @Option(names = "--dns-ttl", paramLabel = "SECONDS", defaultValue = "5",
            description = "TTL of cluster records and of negative answers (default: ${DEFAULT-VALUE}).")
    long ttl;

    @Option(names = "--dns-threads", paramLabel = "N", defaultValue = "1",
            description = "Event loops of the DNS server (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--dns-autopath", paramLabel = "true|false", defaultValue = "true", arity = "1",
            description = "Expand a pod's search path on the server, as CoreDNS's autopath: one query instead of"
                    + " four for an outside name with ndots:5 (default: ${DEFAULT-VALUE}).")
    boolean autopath;

    /** The settings, or empty when DNS is off; throws IllegalArgumentException naming the flag at fault. */
    public Optional<DnsSettings> settings(boolean kubernetesMode) {
        String bind = bindAddress != null ? bindAddress : kubernetesMode ? KUBERNETES_BIND : "off";
        if (bind.equals("off")) {
            return Optional.empty();
        }
        InetSocketAddress address;
        try {
            address = HostPort.parse(bind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dns-bind-address: " + e.getMessage(), e);
        }
        ZoneSettings zone = new ZoneSettings(clusterDomain, ttl, PodsMode.parse(pods));
        List<InetSocketAddress> up = upstreams.stream().map(ForwarderSettings::parseUpstream).toList();
        return Optional.of(new DnsSettings(address, zone, up, resolvConf, threads, autopath));
    }
}
