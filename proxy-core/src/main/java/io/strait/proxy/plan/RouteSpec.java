package io.strait.proxy.plan;

import io.strait.lb.BalancerSpec;
import io.strait.lb.Endpoint;
import io.strait.proxy.model.ServicePortName;
import java.util.List;
import java.util.Objects;

/**
 * What a frontend forwards to: the Service port, the endpoints eligible for this kind of traffic
 * (already categorized by readiness, traffic policy and topology) and how to balance among them.
 * A value: the dataplane rebuilds a route's balancer only when its spec changed.
 */
public record RouteSpec(
        ServicePortName service,
        FrontendKind kind,
        List<Endpoint> endpoints,
        BalancerSpec balancer) {

    public RouteSpec {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(balancer, "balancer");
    }
}
