package io.strait.proxy.plan;

import io.strait.lb.BalancerSpec;
import io.strait.lb.Endpoint;
import io.strait.proxy.model.ServicePortName;
import java.util.List;
import java.util.Objects;

/**
 * What a frontend forwards to: the Service port, the endpoints eligible for this kind of traffic
 * (already categorized by readiness, traffic policy and topology) and how to balance among them.
 * {@code sourceRanges} are the clients allowed in (checked at accept time) and
 * {@code proxyProtocol} whether backend connections start with a PROXY header.
 * A value: the dataplane rebuilds a route's balancer only when its spec changed.
 */
public record RouteSpec(
        ServicePortName service,
        FrontendKind kind,
        List<Endpoint> endpoints,
        BalancerSpec balancer,
        SourceRanges sourceRanges,
        ProxyProtocol proxyProtocol) {

    public RouteSpec {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(balancer, "balancer");
        Objects.requireNonNull(sourceRanges, "sourceRanges");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
    }

    /** A route open to every client, without a PROXY protocol header. */
    public RouteSpec(ServicePortName service, FrontendKind kind, List<Endpoint> endpoints, BalancerSpec balancer) {
        this(service, kind, endpoints, balancer, SourceRanges.ANY, ProxyProtocol.NONE);
    }
}
