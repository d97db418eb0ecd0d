package io.strait.allocator.l2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * NDP takeover as root (see {@link L2TakeoverNetwork}): the client's {@code br0} holds
 * {@code fd52:0:0:N::100/64} (no duplicate address detection, so it is usable at once) and resolves
 * the LB IP {@code ::50} by neighbour solicitation; the announcing interface has joined the LB IP's
 * solicited-node group (Ethernet filter and MLD). A second test shows the kernel itself never answers for a VIP held by a
 * port-less bridge or an AnyIP route on {@code lo}, while it does for the node's own address.
 */
class NdpTakeoverIT extends L2TakeoverNetwork {
    final String prefix = "fd52:0:0:" + Integer.toHexString(net) + "::";
    final InetAddress lbIp = InetAddress.ofLiteral(prefix + "50");

    @Override
    L2Protocol protocol() {
        return L2Protocol.NDP;
    }

    @Override
    InetAddress lbIp() {
        return lbIp;
    }

    @Override
    void configureClient() throws Exception {
        run("ip", "netns", "exec", ns, "ip", "-6", "addr", "add", prefix + "100/64", "dev", "br0", "nodad");
    }

    @Override
    void whileAnnounced(String link) throws Exception {
        String groups = run("ip", "maddr", "show", "dev", link);
        assertThat(groups).as("multicast groups of %s", link).contains("link  " + ArpPacket.mac(NdpPacket.solicitedNodeMac(lbIp)));
        assertThat(Pattern.compile("inet6 (\\S+)").matcher(groups).results().map(r -> InetAddress.ofLiteral(r.group(1))))
                .as("IPv6 groups of %s", link).contains(NdpPacket.solicitedNode(lbIp));
    }

    @Test
    void theKernelAnswersOnlyForAddressesOnTheInterface() throws Exception {
        String node = "strait-l2n-" + id;
        run("ip", "netns", "add", node);
        extraNamespaces.add(node);
        run("ip", "link", "add", "n" + id, "type", "veth", "peer", "name", "cn" + id);
        run("ip", "link", "set", "n" + id, "netns", node);
        run("ip", "link", "set", "cn" + id, "netns", ns);
        run("ip", "netns", "exec", ns, "ip", "link", "set", "cn" + id, "master", "br0", "up");
        run("ip", "-n", node, "link", "set", "n" + id, "name", "eth0");
        run("ip", "-n", node, "-6", "addr", "add", prefix + "11/64", "dev", "eth0", "nodad");
        run("ip", "-n", node, "link", "set", "eth0", "up");
        run("ip", "-n", node, "link", "set", "lo", "up");
        run("ip", "-n", node, "link", "add", "strait0", "type", "bridge");          // as --vip-mode device
        run("ip", "-n", node, "link", "set", "strait0", "up");
        run("ip", "-n", node, "-6", "addr", "add", prefix + "60/128", "dev", "strait0", "nodad");
        run("ip", "-n", node, "-6", "route", "add", "local", prefix + "70/128", "dev", "lo"); // as --vip-mode anyip
        Matcher m = Pattern.compile("link/ether ([0-9a-f:]{17})").matcher(run("ip", "-n", node, "link", "show", "eth0"));
        assertThat(m.find()).isTrue();
        String nodeMac = m.group(1);

        InetAddress own = InetAddress.ofLiteral(prefix + "11");
        resolve(own);
        await().atMost(Duration.ofSeconds(10)).until(() -> neighbour(own).contains(nodeMac));
        for (String vip : new String[] {prefix + "60", prefix + "70"}) {
            resolve(InetAddress.ofLiteral(vip));                            // one second of solicitations
            assertThat(neighbour(InetAddress.ofLiteral(vip))).as("kernel answer for %s", vip).doesNotContain("lladdr");
        }
    }
}
