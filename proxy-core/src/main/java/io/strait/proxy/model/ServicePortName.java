package io.strait.proxy.model;

import java.util.Objects;

/** One port of a Service (kube-proxy's ServicePortName): the unit that gets frontends and a route. */
public record ServicePortName(ServiceName service, String port, Protocol protocol)
        implements Comparable<ServicePortName> {
    public ServicePortName {
        Objects.requireNonNull(service, "service");
        port = port == null ? "" : port;
        Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public int compareTo(ServicePortName o) {
        int c = service.compareTo(o.service);
        if (c != 0) {
            return c;
        }
        c = port.compareTo(o.port);
        return c != 0 ? c : protocol.compareTo(o.protocol);
    }

    @Override
    public String toString() {
        return service + (port.isEmpty() ? "" : ":" + port) + "/" + protocol;
    }
}
