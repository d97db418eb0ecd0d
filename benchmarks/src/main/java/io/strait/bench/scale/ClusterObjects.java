package io.strait.bench.scale;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Synthetic cluster objects as an API server would deliver them: Service i has ClusterIP
 * 127.100.(i/250).(i%250+1) (loopback, so its listener binds without VIP set-up) and one
 * EndpointSlice of {@code endpoints} pods in 10.0.0.0/8 (never connected to).
 */
final class ClusterObjects {
    private ClusterObjects() {}

    static String clusterIP(int i) {
        return "127.100." + (i / 250) + "." + (i % 250 + 1);
    }

    static Service service(int i) {
        return new ServiceBuilder().withNewMetadata().withNamespace("ns" + (i % 100)).withName("svc-" + i)
                .withResourceVersion("1").endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIP(i)).withClusterIPs(clusterIP(i))
                .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort().endSpec().build();
    }

    /** Service i's slice in generation gen: the pod addresses shift with gen, as after a rollout. */
    static EndpointSlice slice(int i, int endpoints, int gen) {
        List<Endpoint> eps = new ArrayList<>(endpoints);
        for (int e = 0; e < endpoints; e++) {
            int n = i * 16 + ((e + gen) & 15);
            eps.add(new EndpointBuilder().withAddresses("10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255))
                    .withNodeName("node-" + (n % 50)).withNewConditions().withReady(true).endConditions().build());
        }
        return new EndpointSliceBuilder().withNewMetadata().withNamespace("ns" + (i % 100)).withName("svc-" + i + "-abcde")
                .withLabels(Map.of("kubernetes.io/service-name", "svc-" + i))
                .withAnnotations(Map.of("endpoints.kubernetes.io/last-change-trigger-time", Instant.now().toString()))
                .withResourceVersion(Integer.toString(gen + 1)).endMetadata()
                .withAddressType("IPv4").addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                .withEndpoints(eps).build();
    }
}
