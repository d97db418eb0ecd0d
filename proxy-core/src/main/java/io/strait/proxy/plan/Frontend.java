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

    @Override
    public int compareTo(Frontend o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/" + protocol;
    }
}
