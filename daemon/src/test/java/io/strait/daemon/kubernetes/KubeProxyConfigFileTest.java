package io.strait.daemon.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KubeProxyConfigFileTest {
    static final String CONFIG = """
            apiVersion: kubeproxy.config.k8s.io/v1alpha1
            kind: KubeProxyConfiguration
            bindAddress: 10.0.0.5
            healthzBindAddress: 0.0.0.0
            metricsBindAddress: 127.0.0.1:10249
            hostnameOverride: node-a
            clusterCIDR: 10.244.0.0/16,fd00:10:244::/56
            nodePortAddresses: ["10.0.0.0/8"]
            mode: ipvs
            clientConnection:
              kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
              qps: 5
            conntrack:
              udpTimeout: 45s
              maxPerCore: 32768
            ipvs:
              syncPeriod: 20s
              minSyncPeriod: 0s
              scheduler: rr
            logging:
              verbosity: 4
            featureGates:
              SomeGate: true
            """;

    @Test
    void mapsTheFieldsThatApplyAndListsTheRestByPath() {
        var c = KubeProxyConfigFile.parse(CONFIG, "kube-proxy.yaml");
        assertThat(c.flags()).containsEntry("--bind-address", "10.0.0.5")
                .containsEntry("--healthz-bind-address", "0.0.0.0:10256")
                .containsEntry("--metrics-bind-address", "127.0.0.1:10249")
                .containsEntry("--hostname-override", "node-a")
                .containsEntry("--cluster-cidr", "10.244.0.0/16,fd00:10:244::/56")
                .containsEntry("--nodeport-addresses", List.of("10.0.0.0/8"))
                .containsEntry("--kubeconfig", "/var/lib/kube-proxy/kubeconfig.conf")
                .containsEntry("--udp-idle-timeout", "45s")
                .containsEntry("--sync-period", "20s")
                .containsEntry("--v", "4")
                .doesNotContainKey("--min-sync-period");
        assertThat(c.ignored()).containsExactlyInAnyOrder("mode", "clientConnection.qps", "conntrack.maxPerCore",
                "ipvs.scheduler", "featureGates.SomeGate");
    }

    @Test
    void wrongKindNamesTheField() {
        assertThatThrownBy(() -> KubeProxyConfigFile.parse("apiVersion: v1\nkind: ConfigMap\n", "f.yaml"))
                .hasMessage("--config f.yaml: apiVersion: must be kubeproxy.config.k8s.io/v1alpha1 (got \"v1\")");
    }

    @Test
    void flagsOnTheCommandLineOverrideTheFile() {
        ProxyCommand cmd = new ProxyCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.parseArgs("--hostname-override", "from-flag", "--min-sync-period", "50ms");
        cmd.applyConfigFile(KubeProxyConfigFile.parse(CONFIG, "kube-proxy.yaml"));
        var options = cmd.flags.resolve();
        assertThat(options.nodeName()).isEqualTo("from-flag");
        assertThat(options.minSyncPeriod()).isEqualTo(Duration.ofMillis(50));
        assertThat(options.syncPeriod()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.udpIdleTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(options.healthz().getPort()).isEqualTo(10256);
        assertThat(options.nodePortAddresses()).containsExactly("10.0.0.0/8");
        assertThat(cmd.verbosity).isEqualTo(4);
        assertThat(cmd.kubeconfig).hasToString("/var/lib/kube-proxy/kubeconfig.conf");
        assertThat(cmd.clusterCidr).containsExactly("10.244.0.0/16", "fd00:10:244::/56");
    }
}
