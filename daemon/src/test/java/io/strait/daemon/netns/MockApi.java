package io.strait.daemon.netns;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.strait.allocator.k8s.MockApiServer;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The mock API server (CRUD, in the test JVM) of a Kubernetes-mode netns test, and the nodes'
 * {@code strait proxy} processes that watch it through {@link NetnsCluster#expose}. Started on
 * first use; stopped after all tests of the class. Register it after the {@link NetnsCluster}.
 */
final class MockApi implements AfterAllCallback {
    private final NetnsCluster cluster;
    private KubernetesMockServer server;
    private KubernetesClient admin;

    MockApi(NetnsCluster cluster) {
        this.cluster = cluster;
    }

    /** A client with every right, for the test to write objects as the cluster's controllers would. */
    synchronized KubernetesClient admin() {
        if (server == null) {
            server = MockApiServer.start();
            admin = server.createClient();
        }
        return admin;
    }

    /** Starts {@code strait proxy} on the node against this server (at 127.0.0.1:6443 inside the node). */
    void startProxy(Node node, String serviceCidrs, String... flags) throws IOException, InterruptedException {
        admin();
        cluster.expose(server.getPort(), node, 6443);
        node.startProxy("http://127.0.0.1:6443", serviceCidrs, flags);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (admin != null) {
            admin.close();
        }
        MockApiServer.destroy(server);
    }
}
