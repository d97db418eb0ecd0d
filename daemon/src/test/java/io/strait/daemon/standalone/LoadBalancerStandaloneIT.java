package io.strait.daemon.standalone;

import static io.strait.proxy.testing.Clients.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.strait.allocator.ipam.Outcome;
import io.strait.daemon.ProxyOptions;
import io.strait.proxy.dataplane.Transport;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.testing.Clients;
import io.strait.proxy.testing.NamedTcpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone LoadBalancer allocation end to end: an IPAddressPool in 127.0.0.0/8 in the manifest
 * folder, LoadBalancer Services without an IP get one and answer TCP on it.
 */
class LoadBalancerStandaloneIT {
    @TempDir
    Path dir;

    final int net = ThreadLocalRandom.current().nextInt(1, 255);
    final String clusterIp = "127.89." + net + "." + ThreadLocalRandom.current().nextInt(1, 255);
    int port;
    NamedTcpServer backend;
    Standalone standalone;

    String lbIp(int last) {
        return "127.66." + net + "." + last;
    }

    @BeforeEach
    void start() throws Exception {
        port = StandaloneIT.freePort("127.0.3.1", clusterIp);
        backend = new NamedTcpServer("b1", "127.0.3.1", port);
        Files.writeString(dir.resolve("pools.yaml"), """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: loopback, namespace: metallb-system}
                spec:
                  addresses: ["%s-%s"]
                ---
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: tiny, namespace: metallb-system}
                spec:
                  addresses: ["127.67.%d.1/32"]
                  autoAssign: false
                """.formatted(lbIp(10), lbIp(20), net));
        writeService("web", "");
    }

    void writeService(String name, String annotations) throws Exception {
        Files.writeString(dir.resolve(name + ".yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: shop, annotations: {%s}}
                spec:
                  type: LoadBalancer
                  allocateLoadBalancerNodePorts: false
                  clusterIP: %s
                  ports: [{name: tcp, protocol: TCP, port: %d}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: %s-1, namespace: shop, labels: {kubernetes.io/service-name: %s}}
                addressType: IPv4
                ports: [{name: tcp, protocol: TCP, port: %d}]
                endpoints: [{addresses: ["127.0.3.1"]}]
                """.formatted(name, annotations, clusterIp, port, name, name, port));
    }

    void startStandalone() throws Exception {
        ProxyOptions options = new ProxyOptions("node-a", at("127.0.0.1", 0), at("127.0.0.1", 0),
                List.of("127.0.0.1/32"), Transport.best(), io.strait.lb.Algorithm.ROUND_ROBIN, Duration.ofMillis(10),
                Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(30));
        standalone = Standalone.start(dir, options);
        assertThat(standalone.awaitApplied(Duration.ofSeconds(30))).isTrue();
    }

    Outcome outcome(String name) {
        return standalone.loadBalancers().outcomes().get(new ServiceName("shop", name));
    }

    String metrics() throws Exception {
        var out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, standalone.runtime().metrics().registry().scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() throws Exception {
        if (standalone != null) {
            standalone.close();
        }
        backend.close();
    }

    @Test
    void aLoadBalancerServiceGetsTheFirstFreeIpAndAnswersOnIt() throws Exception {
        startStandalone();
        assertThat(outcome("web")).isEqualTo(new Outcome.Assigned(List.of(InetAddress.ofLiteral(lbIp(10))), "loopback"));
        assertThat(Clients.tcpName(at(lbIp(10), port))).isEqualTo("b1");
        assertThat(metrics()).contains("strait_pool_addresses_in_use{pool=\"loopback\"} 1.0")
                .contains("strait_pool_addresses{pool=\"loopback\"} 11.0")
                .contains("strait_config_stale 0.0");
    }

    @Test
    void restartOnTheSameFolderKeepsTheIps() throws Exception {
        writeService("api", "");
        startStandalone();
        assertThat(outcome("api")).isEqualTo(new Outcome.Assigned(List.of(InetAddress.ofLiteral(lbIp(10))), "loopback"));
        assertThat(outcome("web")).isEqualTo(new Outcome.Assigned(List.of(InetAddress.ofLiteral(lbIp(11))), "loopback"));
        standalone.close();
        startStandalone();
        assertThat(outcome("api")).isEqualTo(new Outcome.Assigned(List.of(InetAddress.ofLiteral(lbIp(10))), "loopback"));
        assertThat(outcome("web")).isEqualTo(new Outcome.Assigned(List.of(InetAddress.ofLiteral(lbIp(11))), "loopback"));
        assertThat(Clients.tcpName(at(lbIp(11), port))).isEqualTo("b1");
    }

    @Test
    void exhaustionUnknownPoolAndInvalidPoolsAreReportedWhileTheLastGoodKeepsServing() throws Exception {
        writeService("one", "metallb.io/address-pool: tiny");
        writeService("two", "metallb.io/address-pool: tiny");
        writeService("three", "metallb.io/address-pool: nope");
        startStandalone();
        assertThat(outcome("one")).isInstanceOf(Outcome.Assigned.class);
        assertThat(standalone.loadBalancers().problems()).containsExactlyInAnyOrder(
                "AllocationFailed: Service shop/two: no available IPs in IPAddressPool tiny (exhausted)",
                "AllocationFailed: Service shop/three: metallb.io/address-pool names unknown IPAddressPool \"nope\"");
        Files.writeString(dir.resolve("broken.yaml"), """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: broken, namespace: metallb-system}
                spec: {addresses: ["127.68.0.0/40"]}
                """);
        await().atMost(Duration.ofSeconds(20)).until(() -> standalone.loadBalancers().configStale());
        assertThat(standalone.loadBalancers().problems()).contains("IPAddressPool metallb-system/broken: "
                + "spec.addresses[0]: \"127.68.0.0/40\" is not a CIDR or an a-b range (the last good pool configuration keeps serving)");
        assertThat(metrics()).contains("strait_config_stale 1.0");
        assertThat(Clients.tcpName(at(lbIp(10), port))).isEqualTo("b1");
    }
}
