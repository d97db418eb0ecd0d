package io.strait.daemon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.strait.daemon.Main;
import io.strait.daemon.cli.HostPort;
import io.strait.daemon.kubernetes.KubeProxyConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** deploy/ parses into typed objects and agrees with the code's defaults. */
class DeployManifestsTest {
    private static final Path BASE = DeployManifests.ROOT.resolve("base");

    @Test
    void everyManifestParsesIntoATypedObjectWithANameAndNoNamespaceButKubeSystem() {
        assertThat(DeployManifests.manifests()).hasSizeGreaterThanOrEqualTo(11);
        for (Path file : DeployManifests.manifests()) {
            var resource = DeployManifests.typed(file);
            assertThat(resource).as(file.toString()).isNotInstanceOf(GenericKubernetesResource.class)
                    .isInstanceOf(HasMetadata.class);
            HasMetadata object = (HasMetadata) resource;
            assertThat(object.getMetadata().getName()).as(file + ": metadata.name").isNotBlank();
            String ns = object.getMetadata().getNamespace();
            assertThat(ns == null || ns.equals("kube-system")).as(file + ": namespace " + ns).isTrue();
        }
    }

    @Test
    void everyKustomizationListsExactlyTheYamlFilesBesideIt() throws Exception {
        List<Path> kustomizations = DeployManifests.yamlFiles().stream()
                .filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList();
        assertThat(kustomizations).extracting(p -> p.getParent().getFileName().toString()).contains("base", "crds");
        for (Path k : kustomizations) {
            @SuppressWarnings("unchecked")
            List<String> resources = (List<String>) DeployManifests.map(k).get("resources");
            try (Stream<Path> beside = Files.list(k.getParent())) {
                List<String> files = beside.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).sorted().toList();
                assertThat(resources).as(k.toString()).containsExactlyInAnyOrderElementsOf(files);
            }
        }
        assertThat(DeployManifests.map(BASE.resolve("kustomization.yaml"))).containsEntry("namespace", "kube-system");
    }

    @Test
    void daemonSetRunsAsANodeCriticalHostNetworkPodWithExactlyTheCapabilitiesItNeeds() {
        DaemonSet ds = DeployManifests.typed(BASE.resolve("daemonset.yaml"), DaemonSet.class);
        var pod = ds.getSpec().getTemplate().getSpec();
        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getPriorityClassName()).isEqualTo("system-node-critical");
        assertThat(pod.getServiceAccountName()).isEqualTo("strait");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getKey()).isNull();
            assertThat(t.getEffect()).isNull();
        });
        assertThat(ds.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(1);
        Container c = pod.getContainers().getFirst();
        assertThat(c.getSecurityContext().getCapabilities().getAdd())
                .containsExactlyInAnyOrder("NET_ADMIN", "NET_RAW", "NET_BIND_SERVICE");
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getImage()).isEqualTo("ghcr.io/strait/strait:0.1.0");
    }

    @Test
    void probesAndPortsAreTheCodesDefaultsAndTheConfigMapAgrees() {
        CommandLine proxy = Main.commandLine().getSubcommands().get("proxy");
        int healthz = HostPort.parse(proxy.getCommandSpec().findOption("--healthz-bind-address").defaultValue()).getPort();
        int metrics = HostPort.parse(proxy.getCommandSpec().findOption("--metrics-bind-address").defaultValue()).getPort();
        assertThat(healthz).isEqualTo(10256);
        assertThat(metrics).isEqualTo(10249);

        Container c = DeployManifests.typed(BASE.resolve("daemonset.yaml"), DaemonSet.class)
                .getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertProbe(c.getLivenessProbe(), "/livez", healthz);
        assertProbe(c.getReadinessProbe(), "/healthz", healthz);
        assertThat(c.getPorts()).extracting(ContainerPort::getContainerPort).containsExactlyInAnyOrder(healthz, metrics);

        String config = DeployManifests.typed(BASE.resolve("configmap.yaml"), ConfigMap.class).getData().get("config.yaml");
        KubeProxyConfigFile.Contents contents = KubeProxyConfigFile.parse(config, "configmap.yaml");
        assertThat(contents.ignored()).as("fields Strait would ignore").isEmpty();
        assertThat(HostPort.parse((String) contents.flags().get("--healthz-bind-address")).getPort()).isEqualTo(healthz);
        assertThat(HostPort.parse((String) contents.flags().get("--metrics-bind-address")).getPort()).isEqualTo(metrics);
    }

    @Test
    void containerArgumentsParseAsTheProxyCommandWithTheNodeNameFromTheDownwardApi() {
        Container c = DeployManifests.typed(BASE.resolve("daemonset.yaml"), DaemonSet.class)
                .getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(c.getArgs()).startsWith("proxy", "--config", "/etc/strait/config.yaml")
                .contains("--hostname-override=$(NODE_NAME)");
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("NODE_NAME");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        });
        String[] args = c.getArgs().stream().map(a -> a.replace("$(NODE_NAME)", "node-1")).toArray(String[]::new);
        var parsed = Main.commandLine().parseArgs(args).subcommand();
        assertThat(parsed.matchedOptionValue("--hostname-override", "")).isEqualTo("node-1");
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/strait"));
    }

    @Test
    void crdsAreMetalLbsWithTheVersionsStraitReads() {
        Map<String, List<String>> expected = Map.of(
                "ipaddresspools.metallb.io", List.of("v1beta1"),
                "l2advertisements.metallb.io", List.of("v1beta1"),
                "bgpadvertisements.metallb.io", List.of("v1beta1"),
                "bgppeers.metallb.io", List.of("v1beta1", "v1beta2"),
                "communities.metallb.io", List.of("v1beta1"));
        List<CustomResourceDefinition> crds = DeployManifests.manifests().stream()
                .map(DeployManifests::typed).filter(CustomResourceDefinition.class::isInstance)
                .map(CustomResourceDefinition.class::cast).toList();
        assertThat(crds).extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (CustomResourceDefinition crd : crds) {
            assertThat(crd.getSpec().getGroup()).isEqualTo("metallb.io");
            assertThat(crd.getSpec().getVersions()).extracting(v -> v.getName())
                    .containsExactlyElementsOf(expected.get(crd.getMetadata().getName()));
            assertThat(crd.getSpec().getVersions()).filteredOn(v -> v.getStorage()).hasSize(1);
        }
    }

    private static void assertProbe(Probe probe, String path, int port) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(port);
    }
}
