package io.strait.dns;

import com.github.benmanes.caffeine.cache.Ticker;
import io.strait.dns.forward.Forwarder;
import io.strait.dns.forward.ForwarderSettings;
import io.strait.dns.metrics.DnsMetrics;
import io.strait.dns.server.DnsServer;
import io.strait.dns.server.QueryEngine;
import io.strait.proxy.model.ClusterState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The running cluster DNS: zone sink, server and forwarder, started and stopped together. The
 * daemon calls {@link #update(ClusterState)} with each snapshot (as any other sink) and
 * {@link #close()} on shutdown.
 */
public final class ClusterDnsService implements AutoCloseable {
    private final ClusterDns dns;
    private final Forwarder forwarder;
    private final DnsServer server;

    private ClusterDnsService(ClusterDns dns, Forwarder forwarder, DnsServer server) {
        this.dns = dns;
        this.forwarder = forwarder;
        this.server = server;
    }

    /** Binds the server; upstreams come from the settings or, when none, the node's resolv.conf. */
    public static ClusterDnsService start(DnsSettings settings, DnsMetrics metrics) throws IOException, InterruptedException {
        List<InetSocketAddress> upstreams = settings.upstreams().isEmpty()
                ? ForwarderSettings.fromResolvConf(settings.resolvConf(), settings.bind())
                : settings.upstreams();
        ClusterDns dns = new ClusterDns(settings.zone());
        Forwarder forwarder = Forwarder.start(ForwarderSettings.of(upstreams), metrics, Ticker.systemTicker());
        try {
            DnsServer server = DnsServer.start(settings.bind(), settings.threads(),
                    new QueryEngine(dns, forwarder, metrics, settings.autopath()), metrics);
            return new ClusterDnsService(dns, forwarder, server);
        } catch (RuntimeException | InterruptedException e) {
            forwarder.close();
            throw e;
        }
    }

    /** The sink: swaps in the snapshot's zone; returns the Services left out, each with the reason. */
    public List<String> update(ClusterState state) {
        return dns.update(state);
    }

    /** Where UDP and TCP listen (the bound port when 0 was asked). */
    public InetSocketAddress address() {
        return server.address();
    }

    public String zone() {
        return dns.settings().origin();
    }

    /** Entries in the forwarding cache (a gauge). */
    public long cachedEntries() {
        return forwarder.cachedEntries();
    }

    @Override
    public void close() {
        server.close();
        forwarder.close();
    }
}
