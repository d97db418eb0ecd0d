package io.strait.netpol.model;

import java.util.Objects;

/**
 * One {@code NetworkPolicyPort}: a protocol and either every port ({@code port} unset), one number,
 * a range {@code port..endPort}, or a container port name resolved on the destination pod.
 *
 * @param protocol TCP when the manifest leaves it out
 * @param port     first port, 0 for "every port" or for a named port
 * @param endPort  last port (equal to {@code port} for a single port)
 * @param name     the named port, or null
 */
public record PolicyPort(Protocol protocol, int port, int endPort, String name) {
    public PolicyPort {
        Objects.requireNonNull(protocol, "protocol");
        if (name != null) {
            if (port != 0 || endPort != 0) {
                throw new IllegalArgumentException("a named port has no number or endPort");
            }
        } else if (port == 0 ? endPort != 0 : port < 1 || endPort < port || endPort > 65535) {
            throw new IllegalArgumentException("bad port range " + port + ".." + endPort);
        }
    }

    public static PolicyPort any(Protocol protocol) {
        return new PolicyPort(protocol, 0, 0, null);
    }

    public static PolicyPort number(Protocol protocol, int port) {
        return new PolicyPort(protocol, port, port, null);
    }

    public static PolicyPort range(Protocol protocol, int port, int endPort) {
        return new PolicyPort(protocol, port, endPort, null);
    }

    public static PolicyPort named(Protocol protocol, String name) {
        return new PolicyPort(protocol, 0, 0, name);
    }

    public boolean isAny() {
        return name == null && port == 0;
    }

    public boolean isNamed() {
        return name != null;
    }

    /**
     * Whether traffic to {@code dstPort}/{@code proto} matches; a named port is resolved on
     * {@code destination} (null when the destination is not a pod: then a named port never matches).
     */
    public boolean matches(int dstPort, Protocol proto, Pod destination) {
        if (proto != protocol) {
            return false;
        }
        if (name != null) {
            return destination != null && destination.resolve(name, protocol) == dstPort;
        }
        return port == 0 || (dstPort >= port && dstPort <= endPort);
    }
}
