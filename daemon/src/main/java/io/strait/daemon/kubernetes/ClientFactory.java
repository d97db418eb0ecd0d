package io.strait.daemon.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Kubernetes client as kube-proxy builds it: {@code --kubeconfig FILE} when given, else the
 * in-cluster service account (fabric8's auto-configuration, which also honours KUBECONFIG);
 * {@code --master URL} overrides the server address of either.
 */
final class ClientFactory {
    private ClientFactory() {}

    static KubernetesClient create(Path kubeconfig, String master) {
        Config config;
        if (kubeconfig != null) {
            if (!Files.isReadable(kubeconfig)) {
                throw new IllegalArgumentException("--kubeconfig: cannot read " + kubeconfig);
            }
            config = Config.fromKubeconfig(kubeconfig.toFile());
        } else {
            config = Config.autoConfigure(null);
        }
        if (master != null && !master.isBlank()) {
            config.setMasterUrl(master);
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
