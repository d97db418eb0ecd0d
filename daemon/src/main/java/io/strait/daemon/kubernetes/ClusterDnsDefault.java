package io.strait.daemon.kubernetes;

import io.strait.daemon.dns.DnsFlags;
import io.strait.dns.DnsSettings;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes mode's cluster DNS choice. An explicit {@code --dns-bind-address} is used as given
 * (an address that cannot be bound fails the start, naming the flag). The default
 * {@value DnsFlags#KUBERNETES_BIND} is used only when that address is already on the node (as
 * NodeLocal DNSCache's dummy interface puts it): Strait does not add it itself yet, so on a node
 * without it the proxy runs without DNS and says so, rather than failing every existing DaemonSet.
 */
final class ClusterDnsDefault {
    private static final Logger log = LoggerFactory.getLogger(ClusterDnsDefault.class);

    private ClusterDnsDefault() {}

    /** The DNS settings to run with, or null for none. */
    static DnsSettings settings(DnsFlags flags, boolean givenExplicitly) {
        DnsSettings settings = flags.settings(true).orElse(null);
        if (settings == null || givenExplicitly || isLocal(settings.bind().getAddress())) {
            return settings;
        }
        log.warn("cluster DNS off: the default --dns-bind-address {} is not an address of this node"
                + " (give --dns-bind-address IP:PORT, or off to silence this)", DnsFlags.KUBERNETES_BIND);
        return null;
    }

    static boolean isLocal(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
