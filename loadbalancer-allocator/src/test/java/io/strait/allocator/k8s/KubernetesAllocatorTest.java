package io.strait.allocator.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kubernetes mode against fabric8's mock API server in CRUD mode. */
class KubernetesAllocatorTest {
    KubernetesMockServer server;
    KubernetesClient admin;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void apiServer() {
        server = MockApiServer.start();
        admin = server.createClient();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        admin.close();
        MockApiServer.destroy(server);
    }

    void pool(String name, String... addresses) {
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder().withApiVersion("metallb.io/v1beta1")
                .withKind("IPAddressPool").withNewMetadata().withName(name).withNamespace("metallb-system").endMetadata()
                .addToAdditionalProperties("spec", Map.of("addresses", List.of(addresses))).build();
        admin.genericKubernetesResources(MetalLbKinds.ALL.getFirst()).inNamespace("metallb-system").resource(r).create();
    }

    Service service(String name, Map<String, String> annotations, int port, String... ingress) {
        Service s = new ServiceBuilder().withNewMetadata().withName(name).withNamespace("shop")
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.96.0.1")
                .addNewPort().withName("p").withProtocol("TCP").withPort(port).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().withIngress(List.of(ingress).stream()
                        .map(ip -> new LoadBalancerIngressBuilder().withIp(ip).build()).toList())
                .endLoadBalancer().endStatus().build();
        return admin.services().inNamespace("shop").resource(s).create();
    }

    List<String> ingress(String name) {
        Service s = admin.services().inNamespace("shop").withName(name).get();
        return s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null ? List.of()
                : s.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).toList();
    }

    List<String> events(String service) {
        return admin.v1().events().inNamespace("shop").list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(service))
                .map(e -> e.getReason() + ": " + e.getMessage()).toList();
    }

    KubernetesAllocator leader() {
        KubernetesAllocator a = new KubernetesAllocator(server.createClient());
        closeables.add(a);
        a.startLeading();
        return a;
    }

    @Test
    void restartRebuildsFromStatusBeforeAllocating() {
        pool("p", "10.0.0.10-10.0.0.12");
        service("a", Map.of(), 80);
        service("b", Map.of(), 80, "10.0.0.10");
        leader();
        // the Event is recorded after the status write: wait for both before asserting
        await().atMost(Duration.ofSeconds(30)).until(() -> ingress("a").size() == 1 && !events("a").isEmpty());
        assertThat(ingress("a")).containsExactly("10.0.0.11");
        assertThat(ingress("b")).containsExactly("10.0.0.10");
        assertThat(events("a")).containsExactly("IPAllocated: Assigned IP [10.0.0.11] from IPAddressPool p");
    }

    @Test
    void sharingRequestedIpsAndExhaustion() {
        pool("p", "10.0.0.1-10.0.0.2");
        service("s1", Map.of("metallb.io/allow-shared-ip", "k"), 80);
        service("s2", Map.of("metallb.io/allow-shared-ip", "k"), 443);
        service("s3", Map.of("metallb.io/loadBalancerIPs", "10.0.0.2"), 80);
        service("s4", Map.of(), 80);
        service("s5", Map.of("metallb.io/loadBalancerIPs", "192.0.2.1"), 80);
        service("s6", Map.of("metallb.io/address-pool", "nope"), 80);
        leader();
        await().atMost(Duration.ofSeconds(30)).until(() -> events("s6").size() == 1);
        assertThat(ingress("s1")).containsExactly("10.0.0.1");
        assertThat(ingress("s2")).containsExactly("10.0.0.1");
        assertThat(ingress("s3")).containsExactly("10.0.0.2");
        assertThat(ingress("s4")).isEmpty();
        assertThat(events("s4")).containsExactly(
                "AllocationFailed: Service shop/s4: no available IPs in IPAddressPool p (exhausted)");
        assertThat(events("s5")).containsExactly(
                "AllocationFailed: Service shop/s5: requested IP 192.0.2.1 is not in any IPAddressPool");
        assertThat(events("s6")).containsExactly(
                "AllocationFailed: Service shop/s6: metallb.io/address-pool names unknown IPAddressPool \"nope\"");
        admin.services().inNamespace("shop").withName("s3").delete();            // release on deletion
        await().atMost(Duration.ofSeconds(30)).until(() -> ingress("s4").size() == 1);
        assertThat(ingress("s4")).containsExactly("10.0.0.2");
    }

    @Test
    void aStandbyTakesOverTheLeaseAndAllocates() {
        pool("p", "10.0.0.1-10.0.0.5");
        // client-go's default lease and renew deadline: the leader keeps the Lease through a stall of
        // seconds (GC, a starved CPU). The standby takes over fast all the same, for the leader
        // releases the Lease when it stops (release on cancel), and a standby retries every 0.2-0.44 s.
        var timings = new Leadership.Timings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofMillis(200));
        KubernetesAllocator first = new KubernetesAllocator(server.createClient());
        Leadership firstLease = Leadership.start(server.createClient(), "kube-system", "strait-allocator", "node-a", timings, first);
        await().atMost(Duration.ofSeconds(30)).until(first::leading);
        KubernetesAllocator second = new KubernetesAllocator(server.createClient());
        closeables.add(second);
        Leadership secondLease = Leadership.start(server.createClient(), "kube-system", "strait-allocator", "node-b", timings, second);
        closeables.add(secondLease);
        service("a", Map.of(), 80);
        await().atMost(Duration.ofSeconds(30)).until(() -> ingress("a").size() == 1);
        assertThat(second.leading()).isFalse();

        long stop = System.nanoTime();
        firstLease.close();                                                      // the leader stops
        first.close();
        // Generous: closing first's watches can stall the mock API server's event loop for ~10 s
        // (fabric8 mockwebserver 8.0.0 on Vert.x 5); the time printed below is what it really took.
        await().atMost(Duration.ofSeconds(120)).until(second::leading);
        System.out.printf("allocator Lease released on stop: the standby leads %d ms later (lease %d s)%n",
                (System.nanoTime() - stop) / 1_000_000, timings.lease().toSeconds());
        service("b", Map.of(), 80);
        await().atMost(Duration.ofSeconds(30)).until(() -> ingress("b").size() == 1);
        assertThat(ingress("a")).containsExactly("10.0.0.1");
        assertThat(ingress("b")).containsExactly("10.0.0.2");
        assertThat(admin.leases().inNamespace("kube-system").withName("strait-allocator").get().getSpec().getHolderIdentity())
                .isEqualTo("node-b");
    }
}
