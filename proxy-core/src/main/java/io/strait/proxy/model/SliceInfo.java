package io.strait.proxy.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The proxy's view of one EndpointSlice, joined to its Service by the
 * {@code kubernetes.io/service-name} label.
 *
 * @param triggerTime the {@code endpoints.kubernetes.io/last-change-trigger-time} annotation, or null
 */
public record SliceInfo(
        ServiceName service,
        String name,
        List<EndpointPort> ports,
        List<EndpointAddress> endpoints,
        Instant triggerTime) {

    public SliceInfo {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(name, "name");
        ports = List.copyOf(ports);
        endpoints = List.copyOf(endpoints);
    }
}
