package io.strait.daemon.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.strait.daemon.ProxyOptions;
import io.strait.daemon.kubernetes.KubernetesProxy;
import io.strait.proxy.dataplane.Transport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kubernetes mode against a real API server (k3s in a container): {@code strait proxy} runs in
 * this JVM with the container's kubeconfig; a NodePort Service without selector gets a
 * hand-made EndpointSlice pointing at an echo server on this host, and traffic to the NodePort
 * on 127.0.0.1 must reach it. Skips where no Docker engine is reachable. LoadBalancer status
 * is not checked yet: the allocator is not wired into the daemon.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sProxyTest {
    @Container
    static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

    @Test
    void aNodePortServiceWithHandMadeEndpointSlicesCarriesTraffic() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
             KubernetesClient client = new KubernetesClientBuilder()
                     .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build()) {
            Thread.ofPlatform().daemon().start(() -> serveEcho(echo));
            var svc = client.services().inNamespace("default").resource(new ServiceBuilder()
                    .withNewMetadata().withName("echo").endMetadata()
                    .withNewSpec().withType("NodePort")
                    .addNewPort().withName("tcp").withProtocol("TCP").withPort(7777).endPort().endSpec().build()).create();
            int nodePort = svc.getSpec().getPorts().getFirst().getNodePort();
            client.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder()
                    .withNewMetadata().withName("echo-1").withLabels(Map.of("kubernetes.io/service-name", "echo")).endMetadata()
                    .withAddressType("IPv4")
                    .addNewPort().withName("tcp").withProtocol("TCP").withPort(echo.getLocalPort()).endPort()
                    .withEndpoints(new EndpointBuilder().withAddresses("127.0.0.1").withNewConditions().withReady(true)
                            .endConditions().build()).build()).create();

            InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
            ProxyOptions options = new ProxyOptions("strait-test", any, any, List.of("127.0.0.1/32"), Transport.best(),
                    io.strait.lb.Algorithm.ROUND_ROBIN, Duration.ofMillis(10), Duration.ofSeconds(30),
                    Duration.ofSeconds(1), Duration.ofSeconds(30));
            try (KubernetesProxy proxy = KubernetesProxy.start(client, options, null)) {
                assertThat(proxy.awaitSynced(Duration.ofSeconds(60))).isTrue();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> roundTrip(nodePort, "hello k3s").equals("hello k3s"));
            }
        }
    }

    private static String roundTrip(int port, String message) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(message.getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void serveEcho(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                in.transferTo(s.getOutputStream());
            } catch (java.io.IOException e) {
                return;
            }
        }
    }
}
