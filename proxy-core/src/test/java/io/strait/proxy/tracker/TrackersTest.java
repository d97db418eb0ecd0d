package io.strait.proxy.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.strait.proxy.k8s.ServiceTranslator;
import io.strait.proxy.model.NodeInfo;
import io.strait.proxy.model.ServiceName;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackersTest {
    private final ServiceChangeTracker services = new ServiceChangeTracker(new ServiceTranslator("strait", false));
    private final EndpointsChangeTracker endpoints = new EndpointsChangeTracker();

    static Service service(String name, String ip, int port, String resourceVersion) {
        return new ServiceBuilder().withNewMetadata().withNamespace("ns").withName(name)
                .withResourceVersion(resourceVersion).endMetadata()
                .withNewSpec().withClusterIP(ip).addNewPort().withPort(port).withProtocol("TCP").endPort().endSpec()
                .build();
    }

    static EndpointSlice slice(String name, String service, String trigger, String... ips) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace("ns").withName(name)
                .withLabels(Map.of("kubernetes.io/service-name", service))
                .withAnnotations(trigger == null ? Map.of() : Map.of("endpoints.kubernetes.io/last-change-trigger-time", trigger))
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withPort(8080).withProtocol("TCP").endPort()
                .withEndpoints(java.util.Arrays.stream(ips).map(ip -> new io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder()
                        .withAddresses(ip).build()).toList())
                .build();
    }

    @Test
    void updateThatTranslatesTheSameLeavesNothingPending() {
        services.update(service("web", "10.96.0.1", 80, "1"));
        TrackedState.apply(services, endpoints, null);
        services.update(service("web", "10.96.0.1", 80, "2"));
        assertThat(services.pending()).isZero();
    }

    @Test
    void buildsStateGroupingSlicesByServiceWithTriggerTimes() {
        services.update(service("web", "10.96.0.1", 80, "1"));
        endpoints.update(slice("web-b", "web", "2025-01-01T00:00:01Z", "10.0.0.2"));
        endpoints.update(slice("web-a", "web", null, "10.0.0.1"));
        assertThat(endpoints.pending()).isEqualTo(2);
        TrackedState t = TrackedState.apply(services, endpoints, new NodeInfo("n1", Map.of()));
        ServiceName web = new ServiceName("ns", "web");
        assertThat(t.state().services()).containsOnlyKeys(web);
        assertThat(t.state().slicesOf(web)).extracting(s -> s.name()).containsExactly("web-a", "web-b");
        assertThat(t.triggerTimes()).containsExactly(Instant.parse("2025-01-01T00:00:01Z"));
        assertThat(endpoints.pending()).isZero();

        endpoints.delete(slice("web-b", "web", null));
        TrackedState after = TrackedState.apply(services, endpoints, null);
        assertThat(after.state().slicesOf(web)).extracting(s -> s.name()).containsExactly("web-a");
        assertThat(after.triggerTimes()).isEmpty();
    }

    @Test
    void ignoredAndInvalidAreReportedByName() {
        // a headless Service is no longer ignored: it reaches the snapshot for DNS, marked not proxied
        services.update(service("headless", "None", 80, "1"));
        services.update(service("unallocated", "", 80, "1"));
        services.update(service("broken", "10.96.0.2", 0, "1"));
        TrackedState t = TrackedState.apply(services, endpoints, null);
        assertThat(t.state().services()).containsOnlyKeys(new ServiceName("ns", "headless"));
        assertThat(t.state().services().get(new ServiceName("ns", "headless")).proxied()).isFalse();
        assertThat(t.ignored()).singleElement().asString()
                .startsWith("Service ns/unallocated ignored: no ClusterIP allocated yet");
        assertThat(t.problems()).singleElement().asString()
                .startsWith("Service ns/broken: spec.ports[0].port:");
    }
}
