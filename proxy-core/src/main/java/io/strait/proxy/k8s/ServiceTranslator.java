package io.strait.proxy.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.strait.lb.TrafficDistribution;
import io.strait.lb.TrafficPolicy;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.ServiceType;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a fabric8 {@link Service} into a {@link ServiceInfo}, validating every field the
 * proxy uses. Shared by the Kubernetes and standalone sources. Stateless and thread-safe.
 */
public final class ServiceTranslator {
    /** Label that hands a Service to another proxy (KEP-2447). */
    public static final String SERVICE_PROXY_NAME = "service.kubernetes.io/service-proxy-name";
    public static final int DEFAULT_AFFINITY_SECONDS = 10800;

    private final String proxyName;
    private final boolean standalone;

    /**
     * @param proxyName  the value of {@value #SERVICE_PROXY_NAME} that means "ours"
     * @param standalone true when no API server allocates ClusterIPs and NodePorts, so the
     *                   manifest must carry them
     */
    public ServiceTranslator(String proxyName, boolean standalone) {
        this.proxyName = proxyName;
        this.standalone = standalone;
    }

    public Translation<ServiceInfo> translate(Service svc) {
        ObjectMeta meta = svc.getMetadata();
        ServiceName name = K8sNames.serviceName("Service", meta);
        String ref = "Service " + name;
        String owner = meta.getLabels() == null ? null : meta.getLabels().get(SERVICE_PROXY_NAME);
        if (owner != null && !owner.equals(proxyName)) {
            return new Translation.Ignored<>("labelled " + SERVICE_PROXY_NAME + "=" + owner + " (not ours)");
        }
        ServiceSpec spec = svc.getSpec();
        if (spec == null) {
            throw new InvalidObjectException(ref, "spec", "missing");
        }
        ServiceType type = parse(ref, "spec.type", () -> ServiceType.parse(spec.getType()));
        if (type == ServiceType.EXTERNAL_NAME) {
            // Not proxied (ServiceInfo.proxied() is false); DNS answers it with a CNAME.
            return new Translation.Accepted<>(dnsOnly(name, type, spec, meta,
                    List.of(), DnsNames.externalName(ref, "spec.externalName", spec.getExternalName())));
        }
        if ("None".equals(spec.getClusterIP())) {
            // Not proxied; DNS answers with the endpoints. Ports are optional for headless Services.
            List<ServicePort> ports = spec.getPorts() == null || spec.getPorts().isEmpty()
                    ? List.of() : ports(ref, spec, type);
            return new Translation.Accepted<>(dnsOnly(name, type, spec, meta, ports, null));
        }
        List<InetAddress> clusterIPs = clusterIPs(ref, spec);
        if (clusterIPs.isEmpty()) {
            if (standalone) {
                throw new InvalidObjectException(ref, "spec.clusterIP",
                        "missing (standalone mode has no API server to allocate one)");
            }
            return new Translation.Ignored<>("no ClusterIP allocated yet");
        }
        List<ServicePort> ports = ports(ref, spec, type);
        List<InetAddress> externalIPs = new ArrayList<>();
        List<String> ext = spec.getExternalIPs() == null ? List.of() : spec.getExternalIPs();
        for (int i = 0; i < ext.size(); i++) {
            externalIPs.add(Addresses.literal(ref, "spec.externalIPs[" + i + "]", ext.get(i)));
        }
        return new Translation.Accepted<>(new ServiceInfo(
                name,
                type,
                clusterIPs,
                externalIPs,
                ingressIPs(ref, svc),
                ports,
                affinity(ref, spec),
                parse(ref, "spec.externalTrafficPolicy", () -> TrafficPolicy.parse(spec.getExternalTrafficPolicy())),
                parse(ref, "spec.internalTrafficPolicy", () -> TrafficPolicy.parse(spec.getInternalTrafficPolicy())),
                parse(ref, "spec.trafficDistribution", () -> TrafficDistribution.parse(spec.getTrafficDistribution())),
                spec.getHealthCheckNodePort() == null ? 0 : spec.getHealthCheckNodePort(),
                spec.getLoadBalancerSourceRanges() == null ? List.of() : spec.getLoadBalancerSourceRanges(),
                meta.getAnnotations() == null ? Map.of() : meta.getAnnotations(),
                spec.getLoadBalancerClass() == null || spec.getLoadBalancerClass().isEmpty()
                        ? null : spec.getLoadBalancerClass(),
                null,
                Boolean.TRUE.equals(spec.getPublishNotReadyAddresses())));
    }

    /** A headless or ExternalName Service: only what DNS needs, every traffic field at its default. */
    private static ServiceInfo dnsOnly(ServiceName name, ServiceType type, ServiceSpec spec, ObjectMeta meta,
                                       List<ServicePort> ports, String externalName) {
        return new ServiceInfo(name, type, List.of(), List.of(), List.of(), ports, null,
                TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, TrafficDistribution.NONE, 0, List.of(),
                meta.getAnnotations() == null ? Map.of() : meta.getAnnotations(), null, externalName,
                Boolean.TRUE.equals(spec.getPublishNotReadyAddresses()));
    }

    private static List<InetAddress> clusterIPs(String ref, ServiceSpec spec) {
        List<String> raw = spec.getClusterIPs();
        if (raw == null || raw.isEmpty()) {
            String single = spec.getClusterIP();
            raw = single == null || single.isEmpty() ? List.of() : List.of(single);
        } else if (spec.getClusterIP() != null && !spec.getClusterIP().isEmpty()
                && !spec.getClusterIP().equals(raw.getFirst())) {
            throw new InvalidObjectException(ref, "spec.clusterIPs[0]",
                    "must equal spec.clusterIP (" + spec.getClusterIP() + "), got " + raw.getFirst());
        }
        if (raw.size() > 2) {
            throw new InvalidObjectException(ref, "spec.clusterIPs", "at most two addresses (one per IP family)");
        }
        List<InetAddress> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            out.add(Addresses.literal(ref, "spec.clusterIPs[" + i + "]", raw.get(i)));
        }
        return out;
    }

    private List<ServicePort> ports(String ref, ServiceSpec spec, ServiceType type) {
        var raw = spec.getPorts();
        if (raw == null || raw.isEmpty()) {
            throw new InvalidObjectException(ref, "spec.ports", "a Service needs at least one port");
        }
        List<ServicePort> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> portKeys = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            var p = raw.get(i);
            String field = "spec.ports[" + i + "]";
            Addresses.checkPort(ref, field + ".port", p.getPort(), false);
            Protocol protocol = parse(ref, field + ".protocol", () -> Protocol.parse(p.getProtocol()));
            String portName = p.getName() == null ? "" : p.getName();
            if (raw.size() > 1 && portName.isEmpty()) {
                throw new InvalidObjectException(ref, field + ".name", "required when a Service has several ports");
            }
            if (!names.add(portName)) {
                throw new InvalidObjectException(ref, field + ".name", "duplicate port name \"" + portName + "\"");
            }
            if (!portKeys.add(p.getPort() + "/" + protocol)) {
                throw new InvalidObjectException(ref, field + ".port",
                        "duplicate port " + p.getPort() + "/" + protocol);
            }
            int nodePort = p.getNodePort() == null ? 0 : p.getNodePort();
            Addresses.checkPort(ref, field + ".nodePort", nodePort, true);
            if (standalone && nodePort == 0 && (type == ServiceType.NODE_PORT || type == ServiceType.LOAD_BALANCER)
                    && !Boolean.FALSE.equals(spec.getAllocateLoadBalancerNodePorts())) {
                throw new InvalidObjectException(ref, field + ".nodePort",
                        "missing (standalone mode has no API server to allocate one)");
            }
            out.add(new ServicePort(portName, protocol, p.getPort(), nodePort, targetPort(ref, field, p.getTargetPort(), p.getPort())));
        }
        return out;
    }

    private static int targetPort(String ref, String field, IntOrString target, int port) {
        if (target == null) {
            return port;
        }
        if (target.getIntVal() != null) {
            Addresses.checkPort(ref, field + ".targetPort", target.getIntVal(), false);
            return target.getIntVal();
        }
        return 0; // named: resolved through the EndpointSlice ports
    }

    private static List<InetAddress> ingressIPs(String ref, Service svc) {
        if (svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null
                || svc.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        List<InetAddress> out = new ArrayList<>();
        List<LoadBalancerIngress> ingress = svc.getStatus().getLoadBalancer().getIngress();
        for (int i = 0; i < ingress.size(); i++) {
            String ip = ingress.get(i).getIp();
            if (ip != null && !ip.isEmpty()) {
                out.add(Addresses.literal(ref, "status.loadBalancer.ingress[" + i + "].ip", ip));
            }
        }
        return out;
    }

    private static Duration affinity(String ref, ServiceSpec spec) {
        String mode = spec.getSessionAffinity();
        if (mode == null || mode.isEmpty() || mode.equals("None")) {
            return null;
        }
        if (!mode.equals("ClientIP")) {
            throw new InvalidObjectException(ref, "spec.sessionAffinity",
                    "unknown value \"" + mode + "\" (allowed: None, ClientIP)");
        }
        Integer seconds = null;
        if (spec.getSessionAffinityConfig() != null && spec.getSessionAffinityConfig().getClientIP() != null) {
            seconds = spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
        }
        int s = seconds == null ? DEFAULT_AFFINITY_SECONDS : seconds;
        if (s < 1 || s > 86400) {
            throw new InvalidObjectException(ref, "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                    "must be between 1 and 86400 (got " + s + ")");
        }
        return Duration.ofSeconds(s);
    }

    private static <T> T parse(String ref, String field, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException(ref, field, e.getMessage());
        }
    }
}
