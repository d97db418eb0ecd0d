package io.strait.daemon.deploy;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files of the repository's {@code deploy/} folder, read with fabric8. */
public final class DeployManifests {
    /** Surefire runs in the module folder (daemon/). */
    public static final Path ROOT = Path.of("..", "deploy");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private DeployManifests() {}

    /** Prometheus alert rules: a PrometheusRule (the operator's CRD) and the same as a plain rules file. */
    public static final Path MONITORING = ROOT.resolve("monitoring");

    /**
     * Every Kubernetes manifest (YAML other than kustomization.yaml) under deploy/, but for
     * monitoring/ (a plain rules file and an object of the Prometheus operator's CRD: AlertRulesTest).
     */
    public static List<Path> manifests() {
        return yamlFiles().stream().filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                .filter(p -> !p.startsWith(MONITORING)).toList();
    }

    public static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A manifest as fabric8's typed object (GenericKubernetesResource when the kind is unknown). */
    public static KubernetesResource typed(Path file) {
        return SERIALIZATION.unmarshal(read(file));
    }

    public static <T> T typed(Path file, Class<T> type) {
        return SERIALIZATION.unmarshal(read(file), type);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Path file) {
        return SERIALIZATION.unmarshal(read(file), Map.class);
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
