package io.strait.proxy.plan;

import io.strait.proxy.model.ServicePortName;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a frontend forwards to: the Service port, the endpoints eligible for this kind of traffic
 * (already filtered by readiness and traffic policy) and how to choose among them. A value: the
 * dataplane rebuilds a route's balancer only when its spec changed.
 *
 * @param algorithm       balancing algorithm wire name (e.g. {@code round-robin})
 * @param affinityTimeout ClientIP affinity timeout, or null for none
 */
public record RouteSpec(
        ServicePortName service,
        FrontendKind kind,
        List<ResolvedEndpoint> endpoints,
        String algorithm,
        Duration affinityTimeout) {

    public RouteSpec {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(algorithm, "algorithm");
    }
}
