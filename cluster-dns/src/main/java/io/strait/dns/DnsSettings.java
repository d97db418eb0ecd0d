package io.strait.dns;

import io.strait.dns.zone.ZoneSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the cluster DNS needs to run.
 *
 * @param bind       UDP and TCP address ({@code --dns-bind-address})
 * @param zone       cluster domain, TTL, pods mode
 * @param upstreams  {@code --dns-upstream}; empty means the nameservers of {@code resolvConf}
 * @param resolvConf the node's resolv.conf, read when no upstream is given
 * @param threads    server event loops (one UDP socket each with SO_REUSEPORT when above 1)
 * @param autopath   expand pods' search paths on the server (see the server's Autopath)
 */
public record DnsSettings(InetSocketAddress bind, ZoneSettings zone, List<InetSocketAddress> upstreams,
                          Path resolvConf, int threads, boolean autopath) {
    public static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

    public DnsSettings {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(zone, "zone");
        upstreams = List.copyOf(upstreams);
        if (threads < 1) {
            throw new IllegalArgumentException("--dns-threads: at least 1, got " + threads);
        }
    }
}
