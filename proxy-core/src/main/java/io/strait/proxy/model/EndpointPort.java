package io.strait.proxy.model;

/** One entry of an EndpointSlice's {@code ports}: matched to a Service port by name and protocol. */
public record EndpointPort(String name, Protocol protocol, int port) {
    public EndpointPort {
        name = name == null ? "" : name;
    }
}
