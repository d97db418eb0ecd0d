package io.strait.daemon.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.strait.allocator.speaker.LoadBalancing;
import io.strait.daemon.ProxyFlags;
import io.strait.daemon.ProxyOptions;
import io.strait.daemon.cli.GoDuration;
import io.strait.daemon.vip.VipFlags;
import io.strait.proxy.model.Cidr;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strait proxy}: the DaemonSet's command, with kube-proxy's flags where the meaning is the same. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = {"Serve the cluster's Services on this node, as kube-proxy does: watch Services, "
                + "EndpointSlices and this Node through the Kubernetes API (in-cluster by default) and "
                + "relay ClusterIP, NodePort, external IP and LoadBalancer IP traffic to endpoints.",
                "SIGTERM closes the listeners, lets established connections finish for "
                        + "--shutdown-grace-period and exits 0."})
public final class ProxyCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ProxyCommand.class);
    static final Duration SYNC_WAIT_LOG = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Mixin
    ProxyFlags flags;

    @Mixin
    VipFlags vipFlags;

    @Mixin
    io.strait.daemon.loadbalancer.AllocatorFlags allocatorFlags;

    @Mixin
    io.strait.daemon.dns.DnsFlags dnsFlags;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "kubeconfig with the API server and credentials (default: in-cluster service account).")
    Path kubeconfig;

    @Option(names = "--master", paramLabel = "URL", description = "API server address; overrides the kubeconfig's.")
    String master;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration; flags given here override it.")
    Path config;

    @Option(names = "--bind-address", paramLabel = "IP", defaultValue = "0.0.0.0",
            description = "This node's primary IP (as kube-proxy); 0.0.0.0 = detect. With --nodeport-addresses primary, NodePorts listen on it.")
    String bindAddress;

    @Option(names = "--cluster-cidr", paramLabel = "CIDR", split = ",",
            description = "The pods' CIDR(s). Accepted for kube-proxy compatibility: a userspace relay needs no masquerade rule, so it is only validated.")
    List<String> clusterCidr = List.of();

    @Option(names = "--v", paramLabel = "N", defaultValue = "0",
            description = "Log verbosity as klog: 0-2 info, 3-4 debug, 5+ trace (default: ${DEFAULT-VALUE}).")
    int verbosity;

    @Option(names = "--shutdown-grace-period", paramLabel = "DURATION", defaultValue = "5s",
            description = "After SIGTERM, how long established connections may finish (default: ${DEFAULT-VALUE}).")
    String shutdownGrace;

    @Override
    public Integer call() throws Exception {
        if (config != null) {
            applyConfigFile(KubeProxyConfigFile.read(config));
        }
        Verbosity.apply(verbosity);
        Duration grace = flag("--shutdown-grace-period", () -> GoDuration.parse(shutdownGrace));
        clusterCidr.forEach(c -> flag("--cluster-cidr", () -> Cidr.parse(c)));
        InetAddress bind = flag("--bind-address", () -> InetAddress.ofLiteral(bindAddress));
        if (!bind.isAnyLocalAddress() && matchedOrDefault("--nodeport-addresses").equals(List.of("primary"))) {
            spec.findOption("--nodeport-addresses").setValue(List.of(bind.getHostAddress() + (bind.getAddress().length == 4 ? "/32" : "/128")));
        }
        ProxyOptions options = flags.resolve();
        var dns = ClusterDnsDefault.settings(dnsFlags, spec.commandLine().getParseResult().hasMatchedOption("--dns-bind-address"));
        Termination termination = Termination.install();
        try (KubernetesClient client = ClientFactory.create(kubeconfig, master);
             LoadBalancing loadBalancing = LoadBalancing.start(allocatorFlags.settings(), client, options.nodeName());
             KubernetesProxy proxy = KubernetesProxy.start(client, options, vipFlags.manager("device"), loadBalancing, dns)) {
            log.info("watching {} as node {}", client.getMasterUrl(), options.nodeName());
            while (!termination.await(SYNC_WAIT_LOG)) {
                if (!proxy.source().ready()) {
                    log.warn("informers not ready (API server {} unreachable or initial lists pending); "
                            + "the last programmed state keeps serving", client.getMasterUrl());
                }
            }
            log.info("{}: stopping (grace period {})", termination.signal(), grace);
            loadBalancing.close(); // BGP peers withdraw this node's routes (and the Lease is released) before draining
            proxy.stop(grace);
        }
        return 0;
    }

    /** Sets each option the file names, unless it was given on the command line. */
    void applyConfigFile(KubeProxyConfigFile.Contents contents) {
        var parsed = spec.commandLine().getParseResult();
        for (Map.Entry<String, Object> e : contents.flags().entrySet()) {
            if (parsed.hasMatchedOption(e.getKey())) {
                log.info("--config {}: {} is overridden by the command line", config, e.getKey());
                continue;
            }
            OptionSpec option = spec.findOption(e.getKey());
            Object value = e.getValue();
            if (option.isMultiValue() && value instanceof String s) {
                value = List.of(s.split(","));
            }
            if (option.type() == Path.class) {
                option.setValue(Path.of((String) e.getValue()));
            } else if (option.type() == int.class) {
                option.setValue(flag(e.getKey(), () -> Integer.parseInt((String) e.getValue())));
            } else {
                option.setValue(value);
            }
        }
        contents.ignored().forEach(f -> log.info("--config {}: {} is set but means nothing to Strait; ignored", config, f));
    }

    private List<String> matchedOrDefault(String name) {
        return spec.findOption(name).getValue();
    }

    private static <T> T flag(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }
}
