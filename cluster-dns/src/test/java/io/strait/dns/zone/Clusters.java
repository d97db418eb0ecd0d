package io.strait.dns.zone;

import io.strait.lb.TrafficDistribution;
import io.strait.lb.TrafficPolicy;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.EndpointPort;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.ServiceType;
import io.strait.proxy.model.SliceInfo;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Snapshots for the DNS tests, built from the proxy-core model. */
public final class Clusters {
    private final Map<ServiceName, ServiceInfo> services = new HashMap<>();
    private final Map<ServiceName, List<SliceInfo>> slices = new HashMap<>();

    public static ServiceInfo service(String ns, String name, ServiceType type, List<String> clusterIps,
                                      List<ServicePort> ports, String externalName, boolean publishNotReady) {
        return new ServiceInfo(new ServiceName(ns, name), type, clusterIps.stream().map(InetAddress::ofLiteral).toList(),
                List.of(), List.of(), ports, null, TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER,
                TrafficDistribution.NONE, 0, List.of(), Map.of(), null, externalName, publishNotReady);
    }

    public static EndpointAddress endpoint(String ip, String hostname, boolean ready) {
        return new EndpointAddress(InetAddress.ofLiteral(ip), "node-a", null, ready, ready, false, Set.of(), Set.of(),
                hostname);
    }

    public static ServicePort port(String name, Protocol protocol, int port) {
        return new ServicePort(name, protocol, port, 0, port);
    }

    public Clusters clusterIp(String ns, String name, List<String> ips, ServicePort... ports) {
        ServiceInfo s = service(ns, name, ServiceType.CLUSTER_IP, ips, List.of(ports), null, false);
        services.put(s.name(), s);
        return this;
    }

    public Clusters headless(String ns, String name, boolean publishNotReady, List<EndpointPort> ports,
                             EndpointAddress... endpoints) {
        ServiceInfo s = service(ns, name, ServiceType.CLUSTER_IP, List.of(), List.of(), null, publishNotReady);
        services.put(s.name(), s);
        slices.put(s.name(), List.of(new SliceInfo(s.name(), name + "-1", ports, List.of(endpoints), null)));
        return this;
    }

    public Clusters externalName(String ns, String name, String target) {
        ServiceInfo s = service(ns, name, ServiceType.EXTERNAL_NAME, List.of(), List.of(), target, false);
        services.put(s.name(), s);
        return this;
    }

    public ClusterState state() {
        return new ClusterState(services, slices, null);
    }

    /** The snapshot every golden test reads (names as in the specification's examples). */
    public static ClusterState sample() {
        return new Clusters()
                .clusterIp("default", "kubernetes", List.of("10.3.0.1"), port("https", Protocol.TCP, 443))
                .clusterIp("shop", "web", List.of("10.96.0.10", "fd00::10"), port("http", Protocol.TCP, 80),
                        port("dns", Protocol.UDP, 53))
                .clusterIp("shop", "single", List.of("10.96.0.11"), port("", Protocol.TCP, 8080))
                .headless("default", "headless", false, List.of(new EndpointPort("https", Protocol.TCP, 8443)),
                        endpoint("10.3.0.100", "my-pet", true), endpoint("10.3.0.2", null, true),
                        endpoint("10.3.0.3", null, false), endpoint("fd00::2:5", null, true))
                .headless("default", "tolerant", true, List.of(), endpoint("10.3.1.9", null, false))
                .headless("default", "empty", false, List.of(new EndpointPort("https", Protocol.TCP, 8443)),
                        endpoint("10.3.2.9", "down", false))
                .externalName("default", "foo", "www.example.com")
                .externalName("default", "alias", "web.shop.svc.cluster.local")
                .externalName("default", "loop-a", "loop-b.default.svc.cluster.local")
                .externalName("default", "loop-b", "loop-a.default.svc.cluster.local")
                .state();
    }
}
