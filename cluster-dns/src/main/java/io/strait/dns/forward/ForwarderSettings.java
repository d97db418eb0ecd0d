package io.strait.dns.forward;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How names outside the zone are resolved.
 *
 * @param upstreams    tried in order on timeout, SERVFAIL or REFUSED
 * @param timeout      per upstream attempt
 * @param maxPending   questions waiting for an upstream at once; beyond it a query gets the stale
 *                     answer or SERVFAIL at once (memory stays bounded under a flood)
 * @param cacheEntries the cache's size bound
 * @param maxTtl       cap on any cached TTL, seconds
 * @param staleFor     how long past its TTL an answer may still be served when upstreams fail
 */
public record ForwarderSettings(List<InetSocketAddress> upstreams, Duration timeout, int maxPending,
                                long cacheEntries, long maxTtl, Duration staleFor) {
    public ForwarderSettings {
        upstreams = List.copyOf(upstreams);
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("--dns-upstream: no upstream resolver (none given, none in resolv.conf)");
        }
    }

    public static ForwarderSettings of(List<InetSocketAddress> upstreams) {
        return new ForwarderSettings(upstreams, Duration.ofSeconds(2), 4096, 10_000, 3600, Duration.ofHours(1));
    }

    /** Parses "ADDRESS[:PORT]" or "[IPv6]:PORT" (port 53 by default); names are not resolved. */
    public static InetSocketAddress parseUpstream(String value) {
        String v = value.trim();
        String host = v;
        int port = 53;
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("--dns-upstream: unclosed [ in \"" + value + "\"");
            }
            host = v.substring(1, end);
            if (v.length() > end + 1) {
                port = port(value, v.substring(end + 1));
            }
        } else if (v.indexOf(':') >= 0 && v.indexOf(':') == v.lastIndexOf(':')) {
            host = v.substring(0, v.indexOf(':'));
            port = port(value, v.substring(v.indexOf(':')));
        }
        try {
            return new InetSocketAddress(InetAddress.ofLiteral(host), port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dns-upstream: not an IP address: \"" + value + "\"");
        }
    }

    private static int port(String value, String colonPort) {
        try {
            int p = Integer.parseInt(colonPort.substring(1));
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // fall through
        }
        throw new IllegalArgumentException("--dns-upstream: bad port in \"" + value + "\"");
    }

    /** The {@code nameserver} lines of a resolv.conf, minus {@code exclude} (our own address: no loops). */
    public static List<InetSocketAddress> fromResolvConf(Path file, InetSocketAddress exclude) throws IOException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("nameserver")) {
                InetSocketAddress a = parseUpstream(f[1].contains(":") && !f[1].startsWith("[") ? "[" + f[1] + "]" : f[1]);
                if (!a.equals(exclude)) {
                    out.add(a);
                }
            }
        }
        return out;
    }
}
