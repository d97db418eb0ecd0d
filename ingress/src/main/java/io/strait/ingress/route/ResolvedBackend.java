package io.strait.ingress.route;

import io.strait.lb.Balancer;

/**
 * A Service port resolved against the cluster: its balancer over the ready endpoints (possibly
 * none: 503), or why it cannot be used ({@code failure} non-null, balancer null: 500).
 */
public record ResolvedBackend(Balancer balancer, String failure) {}
