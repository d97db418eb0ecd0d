package io.strait.daemon.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.strait.daemon.ProxyOptions;
import io.strait.proxy.dataplane.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test objects: Services with loopback ClusterIPs (CRUD mode allocates none) and their slices. */
final class Objects {
    private Objects() {}

    static Service service(String ns, String name, String clusterIP, int port) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIP).withClusterIPs(clusterIP)
                .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort()
                .endSpec().build();
    }

    static EndpointSlice slice(String ns, String name, String service, int port, String... ips) {
        Map<String, String> annotations = new HashMap<>();
        annotations.put("endpoints.kubernetes.io/last-change-trigger-time", Instant.now().toString());
        return new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName(name)
                .withLabels(Map.of("kubernetes.io/service-name", service)).withAnnotations(annotations).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort()
                .withEndpoints(Arrays.stream(ips).map(ip -> new EndpointBuilder().withAddresses(ip)
                        .withNodeName("node-1").withNewConditions().withReady(true).endConditions().build()).toList())
                .build();
    }

    static ProxyOptions options() {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        return new ProxyOptions("node-1", any, any, List.of("127.0.0.1/32"), Transport.best(), io.strait.lb.Algorithm.ROUND_ROBIN,
                Duration.ofMillis(10), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }
}
