package io.strait.proxy.plan;

import io.strait.proxy.model.Protocol;
import java.net.InetSocketAddress;
import java.util.Objects;

/** A socket the dataplane listens on: protocol and address. Identity of a listener. */
public record Frontend(Protocol protocol, InetSocketAddress address) implements Comparable<Frontend> {
    public Frontend {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("frontend address must be resolved: " + address);
        }
    }

    /** Orders by protocol, address family, address bytes, then port (no string building). */
    @Override
    public int compareTo(Frontend o) {
        int c = protocol.compareTo(o.protocol);
        if (c != 0) {
            return c;
        }
        byte[] a = address.getAddress().getAddress();
        byte[] b = o.address.getAddress().getAddress();
        c = Integer.compare(a.length, b.length);
        if (c == 0) {
            c = java.util.Arrays.compareUnsigned(a, b);
        }
        return c != 0 ? c : Integer.compare(address.getPort(), o.address.getPort());
    }

    @Override
    public String toString() {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/" + protocol;
    }
}
