package io.strait.netpol.model;

/** A container port with a name ({@code spec.containers[].ports[]}), what a named policy port resolves to. */
public record NamedPort(String name, int port, Protocol protocol) {
    public NamedPort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("container port " + port + " is outside 1..65535");
        }
    }
}
