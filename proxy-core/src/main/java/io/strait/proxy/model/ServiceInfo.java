package io.strait.proxy.model;

import io.strait.lb.TrafficDistribution;
import io.strait.lb.TrafficPolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The proxy's view of one Service: only what proxying needs, already validated.
 *
 * @param clusterIPs          every address of {@code spec.clusterIPs} (IPv4 and IPv6); empty when headless
 * @param loadBalancerIPs     {@code status.loadBalancer.ingress[].ip}
 * @param affinityTimeout     ClientIP affinity idle timeout, or null when sessionAffinity is None
 * @param trafficDistribution {@code spec.trafficDistribution} (NONE when unset)
 * @param annotations         all annotations (strait.io/* select per-Service behaviour)
 * @param loadBalancerClass   {@code spec.loadBalancerClass}, or null when unset (which implementation
 *                            provides the load balancer; only announced by Strait when unset or ours)
 * @param externalName        {@code spec.externalName} of an ExternalName Service (lower case, no trailing
 *                            dot), else null. Only DNS serves these.
 * @param publishNotReadyAddresses {@code spec.publishNotReadyAddresses}: DNS publishes not-ready endpoints
 */
public record ServiceInfo(
        ServiceName name,
        ServiceType type,
        List<InetAddress> clusterIPs,
        List<InetAddress> externalIPs,
        List<InetAddress> loadBalancerIPs,
        List<ServicePort> ports,
        Duration affinityTimeout,
        TrafficPolicy externalTrafficPolicy,
        TrafficPolicy internalTrafficPolicy,
        TrafficDistribution trafficDistribution,
        int healthCheckNodePort,
        List<String> loadBalancerSourceRanges,
        Map<String, String> annotations,
        String loadBalancerClass,
        String externalName,
        boolean publishNotReadyAddresses) {

    public ServiceInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        clusterIPs = List.copyOf(clusterIPs);
        externalIPs = List.copyOf(externalIPs);
        loadBalancerIPs = List.copyOf(loadBalancerIPs);
        ports = List.copyOf(ports);
        Objects.requireNonNull(externalTrafficPolicy, "externalTrafficPolicy");
        Objects.requireNonNull(internalTrafficPolicy, "internalTrafficPolicy");
        Objects.requireNonNull(trafficDistribution, "trafficDistribution");
        loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
        annotations = Map.copyOf(annotations);
        if ((type == ServiceType.EXTERNAL_NAME) != (externalName != null)) {
            throw new IllegalArgumentException("Service " + name + ": externalName is set exactly for ExternalName");
        }
    }

    /** Without the DNS-only fields (externalName, publishNotReadyAddresses). */
    public ServiceInfo(ServiceName name, ServiceType type, List<InetAddress> clusterIPs, List<InetAddress> externalIPs,
                       List<InetAddress> loadBalancerIPs, List<ServicePort> ports, Duration affinityTimeout,
                       TrafficPolicy externalTrafficPolicy, TrafficPolicy internalTrafficPolicy,
                       TrafficDistribution trafficDistribution, int healthCheckNodePort,
                       List<String> loadBalancerSourceRanges, Map<String, String> annotations,
                       String loadBalancerClass) {
        this(name, type, clusterIPs, externalIPs, loadBalancerIPs, ports, affinityTimeout, externalTrafficPolicy,
                internalTrafficPolicy, trafficDistribution, healthCheckNodePort, loadBalancerSourceRanges, annotations,
                loadBalancerClass, null, false);
    }

    /** Without {@code spec.loadBalancerClass} (unset). */
    public ServiceInfo(ServiceName name, ServiceType type, List<InetAddress> clusterIPs, List<InetAddress> externalIPs,
                       List<InetAddress> loadBalancerIPs, List<ServicePort> ports, Duration affinityTimeout,
                       TrafficPolicy externalTrafficPolicy, TrafficPolicy internalTrafficPolicy,
                       TrafficDistribution trafficDistribution, int healthCheckNodePort,
                       List<String> loadBalancerSourceRanges, Map<String, String> annotations) {
        this(name, type, clusterIPs, externalIPs, loadBalancerIPs, ports, affinityTimeout, externalTrafficPolicy,
                internalTrafficPolicy, trafficDistribution, healthCheckNodePort, loadBalancerSourceRanges, annotations,
                null);
    }

    /** True for {@code clusterIP: None}: DNS answers with the endpoints themselves. */
    public boolean headless() {
        return type != ServiceType.EXTERNAL_NAME && clusterIPs.isEmpty();
    }

    /** False for headless and ExternalName Services, which exist only in DNS (kube-proxy ignores them). */
    public boolean proxied() {
        return type != ServiceType.EXTERNAL_NAME && !clusterIPs.isEmpty();
    }

    /** True when ClientIP session affinity is on. */
    public boolean clientIpAffinity() {
        return affinityTimeout != null;
    }

    /** The ServicePortName of one of this Service's ports. */
    public ServicePortName portName(ServicePort port) {
        return new ServicePortName(name, port.name(), port.protocol());
    }
}
