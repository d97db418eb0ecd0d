package io.strait.allocator.ipam;

import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceName;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the allocator needs of one Service, free of client types (the adapter in
 * {@code io.strait.allocator.k8s} builds it from a fabric8 Service).
 *
 * @param loadBalancer      {@code spec.type == LoadBalancer}
 * @param loadBalancerClass {@code spec.loadBalancerClass}, or null
 * @param requestedIPs      {@code spec.loadBalancerIP} or the {@code metallb.io/loadBalancerIPs} annotation
 * @param requestedPool     the {@code metallb.io/address-pool} annotation, or null
 * @param sharingKey        the {@code metallb.io/allow-shared-ip} annotation, or null
 * @param families          {@code spec.ipFamilies} as "IPv4"/"IPv6" (empty means IPv4)
 * @param familyPolicy      {@code spec.ipFamilyPolicy} (null means SingleStack)
 * @param localPolicy       {@code spec.externalTrafficPolicy == Local}
 * @param ingress           {@code status.loadBalancer.ingress[].ip}: what a previous run assigned
 * @param invalid           why the request cannot be read (e.g. a bad IP in the annotation), or null
 */
public record LbService(ServiceName name, Map<String, String> labels, boolean loadBalancer, String loadBalancerClass,
                        List<InetAddress> requestedIPs, String requestedPool, String sharingKey,
                        List<String> families, String familyPolicy, List<PortKey> ports, boolean localPolicy,
                        List<InetAddress> ingress, String invalid) {
    /** Strait's own {@code spec.loadBalancerClass}. */
    public static final String CLASS = "strait.io/lb";

    /** A port as sharing sees it: two Services sharing an IP must not use the same one. */
    public record PortKey(Protocol protocol, int port) {}

    public LbService {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        requestedIPs = List.copyOf(requestedIPs);
        families = List.copyOf(families);
        ports = List.copyOf(ports);
        ingress = List.copyOf(ingress);
    }

    /** True when this allocator is responsible for the Service. */
    public boolean ours() {
        return loadBalancer && (loadBalancerClass == null || loadBalancerClass.equals(CLASS));
    }
}
