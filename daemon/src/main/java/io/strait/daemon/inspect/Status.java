package io.strait.daemon.inspect;

import java.util.List;

/**
 * The {@code /status} document: what the last sync planned and what the dataplane runs.
 *
 * @param lastSync       when the last sync started (ISO-8601), or null before the first
 * @param syncMillis     how long it took
 * @param problems       the problems it reported, as logged
 * @param sourceProblems the problems the source reports now, as logged: manifest files, metallb.io
 *                       configuration, LoadBalancer allocation and announcement (empty when none)
 * @param dns            the cluster DNS server, or null when none runs
 */
public record Status(String node, String lastSync, long syncMillis, List<ServiceStatus> services,
                     List<String> problems, List<String> sourceProblems, Dns dns) {
    public Status {
        sourceProblems = sourceProblems == null ? List.of() : sourceProblems;
    }

    public Status(String node, String lastSync, long syncMillis, List<ServiceStatus> services,
                  List<String> problems, List<String> sourceProblems) {
        this(node, lastSync, syncMillis, services, problems, sourceProblems, null);
    }

    /** The same document with the DNS server's address and zone. */
    public Status withDns(Dns server) {
        return new Status(node, lastSync, syncMillis, services, problems, sourceProblems, server);
    }

    /** Where cluster DNS answers (UDP and TCP, IP:PORT) and for which zone. */
    public record Dns(String address, String zone) {}


    /**
     * One Service.
     *
     * @param loadBalancerIPs {@code status.loadBalancer.ingress} IPs: the allocation as the API shows it
     * @param announcement    how those IPs are announced (layer 2, BGP), or null when not known here
     */
    public record ServiceStatus(String namespace, String name, String type, List<String> loadBalancerIPs,
                                String announcement, List<PortStatus> ports) {}

    /** One Service port: its frontends, balancing, endpoints and counters. */
    public record PortStatus(String port, String protocol, String algorithm, boolean clientIpAffinity,
                             List<FrontendStatus> frontends, List<EndpointStatus> endpoints, Traffic traffic) {}

    /** A socket the port is answered on; listening is false when it could not be opened. */
    public record FrontendStatus(String address, String kind, boolean listening) {}

    /**
     * One endpoint: its EndpointSlice conditions and whether the balancer may pick it.
     *
     * @param health {@code eligible} (a route may pick it), {@code ready}, {@code not-ready},
     *               {@code terminating}
     */
    public record EndpointStatus(String address, String node, String zone, boolean ready, boolean serving,
                                 boolean terminating, String health) {}

    /** Counters of the dataplane for the port (null when it has none). */
    public record Traffic(long accepted, long active, long refusedNoEndpoint, long connectFailures,
                          long bytesFromClients, long bytesToClients, long udpFlowsActive) {}
}
