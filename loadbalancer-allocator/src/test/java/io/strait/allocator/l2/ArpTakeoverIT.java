package io.strait.allocator.l2;

import java.net.InetAddress;

/** ARP takeover as root (see {@link L2TakeoverNetwork}); the client has {@code arp_accept=1}. */
class ArpTakeoverIT extends L2TakeoverNetwork {
    final InetAddress lbIp = InetAddress.ofLiteral("10.252." + net + ".50");

    @Override
    L2Protocol protocol() {
        return L2Protocol.ARP;
    }

    @Override
    InetAddress lbIp() {
        return lbIp;
    }

    @Override
    void configureClient() throws Exception {
        run("ip", "netns", "exec", ns, "ip", "addr", "add", "10.252." + net + ".100/24", "dev", "br0");
        run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.conf.br0.arp_accept=1");
    }
}
