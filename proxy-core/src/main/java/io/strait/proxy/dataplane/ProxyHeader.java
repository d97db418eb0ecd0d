package io.strait.proxy.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.strait.proxy.plan.ProxyProtocol;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * Writes the PROXY protocol header (HAProxy's proxy-protocol.txt, §2.1 text v1, §2.2 binary v2)
 * that tells a backend the real client address: source = the client, destination = the frontend
 * address it connected to. Written once, first, on a backend connection that just connected, on
 * its event loop; Netty's {@link HAProxyMessageEncoder} encodes it and is removed right after, so
 * the relay's byte path is untouched. When the two addresses are of different families the
 * header says UNKNOWN (v1) / LOCAL (v2), as the spec allows.
 */
final class ProxyHeader {
    private ProxyHeader() {}

    /** Writes the header the route asks for (none for {@link ProxyProtocol#NONE}). */
    static void write(ProxyProtocol version, Channel client, Channel backend) {
        if (version == ProxyProtocol.NONE) {
            return;
        }
        HAProxyMessage message = message(version, (InetSocketAddress) client.remoteAddress(),
                (InetSocketAddress) client.localAddress());
        ChannelHandler encoder = HAProxyMessageEncoder.INSTANCE;
        backend.pipeline().addFirst(encoder);
        backend.writeAndFlush(message);
        backend.pipeline().remove(encoder);
    }

    static HAProxyMessage message(ProxyProtocol version, InetSocketAddress source, InetSocketAddress destination) {
        HAProxyProtocolVersion v = version == ProxyProtocol.V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2;
        boolean v4 = source.getAddress() instanceof Inet4Address;
        if (v4 != destination.getAddress() instanceof Inet4Address) {
            return v == HAProxyProtocolVersion.V1
                    ? new HAProxyMessage(v, HAProxyCommand.PROXY, HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0)
                    : new HAProxyMessage(v, HAProxyCommand.LOCAL, HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0);
        }
        return new HAProxyMessage(v, HAProxyCommand.PROXY,
                v4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
                source.getAddress().getHostAddress(), destination.getAddress().getHostAddress(),
                source.getPort(), destination.getPort());
    }
}
