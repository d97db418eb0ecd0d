package io.strait.allocator.speaker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the node's own kernel would answer ARP for LoadBalancer IPs on an interface: with
 * {@code arp_ignore} 0 (the default; the kernel uses the larger of {@code conf/all} and
 * {@code conf/IFACE}), Linux answers for any local address on any interface, and the LB IPs are
 * local on every node (the VIP device or AnyIP routes), so every node would answer and the
 * per-IP announcer choice would mean nothing (MetalLB asks kube-proxy IPVS users for strictARP,
 * i.e. {@code arp_ignore=1}, for the same reason). Warns once per interface. Thread-safe.
 */
final class KernelArp {
    private static final Logger log = LoggerFactory.getLogger(KernelArp.class);
    private static final Path CONF = Path.of("/proc/sys/net/ipv4/conf");
    private static final Set<String> warned = ConcurrentHashMap.newKeySet();

    private KernelArp() {}

    /** Logs a warning the first time an ARP responder opens on an interface where the kernel answers too. */
    static void warnIfKernelAnswers(String itf) {
        check(CONF, itf).filter(w -> warned.add(itf)).ifPresent(log::warn);
    }

    /** The warning for itf under conf (a {@code /proc/sys/net/ipv4/conf} tree), if arp_ignore is 0 there. */
    static Optional<String> check(Path conf, String itf) {
        try {
            int all = Integer.parseInt(Files.readString(conf.resolve("all").resolve("arp_ignore")).strip());
            int own = Integer.parseInt(Files.readString(conf.resolve(itf).resolve("arp_ignore")).strip());
            if (Math.max(all, own) >= 1) {
                return Optional.empty();
            }
        } catch (IOException | NumberFormatException | java.nio.file.InvalidPathException e) {
            return Optional.empty(); // not Linux, or the interface went away: nothing to say
        }
        return Optional.of("net.ipv4.conf." + itf + ".arp_ignore and net.ipv4.conf.all.arp_ignore are 0: if the "
                + "LoadBalancer IPs are local on this node (--vip-mode device or anyip), its kernel answers ARP for "
                + "them on " + itf + " too, as every node's does, whichever node is chosen; set "
                + "net.ipv4.conf.all.arp_ignore=1 on the nodes (MetalLB's strictARP)");
    }
}
