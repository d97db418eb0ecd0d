package io.strait.daemon.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Parses {@code ip:port}, {@code [ipv6]:port} or {@code :port} (all addresses) without name lookups. */
public final class HostPort {
    private HostPort() {}

    public static InetSocketAddress parse(String text) {
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not host:port: \"" + text + "\"");
        }
        String host = s.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not host:port: \"" + text + "\"");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range in \"" + text + "\"");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            InetAddress ip = host.isEmpty() ? InetAddress.ofLiteral("0.0.0.0") : InetAddress.ofLiteral(host);
            return new InetSocketAddress(ip, port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP address in \"" + text + "\"");
        }
    }
}
