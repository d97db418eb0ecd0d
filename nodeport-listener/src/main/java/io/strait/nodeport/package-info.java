/**
 * External traffic at the node: the per-Service health-check node port servers
 * ({@code healthCheckNodePort}, kube-proxy's {@code pkg/proxy/healthcheck/service_health.go}
 * contract) that let an external load balancer send traffic only to nodes with local endpoints
 * under {@code externalTrafficPolicy: Local}, and the watch that follows the node's addresses for
 * NodePorts. {@link io.strait.nodeport.HealthCheckServers} takes the whole desired map and is
 * called from one control thread; its HTTP handlers read immutable values published by volatile
 * stores.
 */
package io.strait.nodeport;
