package io.strait.daemon.kubernetes;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration} file (kube-proxy's
 * {@code --config}) into the Strait flags it means: each field that applies becomes the value of
 * a flag (which a flag given on the command line overrides); every other field that is set is
 * listed as ignored, by its path. Durations stay in Go's notation ({@code 30s}), as the flags take
 * them. Stateless.
 */
public final class KubeProxyConfigFile {
    static final String API_VERSION = "kubeproxy.config.k8s.io/v1alpha1";
    static final String KIND = "KubeProxyConfiguration";
    /** Proxy-mode sections whose syncPeriod/minSyncPeriod apply when the top-level ones are unset. */
    private static final List<String> MODE_SECTIONS = List.of("iptables", "nftables", "ipvs");

    /**
     * What the file says.
     *
     * @param flags   option name (e.g. {@code --bind-address}) to value: a String, or a List of Strings
     * @param ignored paths of fields that are set but mean nothing to Strait (e.g. {@code ipvs.scheduler})
     */
    public record Contents(Map<String, Object> flags, List<String> ignored) {}

    private KubeProxyConfigFile() {}

    public static Contents read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("--config " + file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    @SuppressWarnings("unchecked")
    public static Contents parse(String text, String name) {
        Map<String, Object> root;
        try {
            root = new KubernetesSerialization().unmarshal(text, Map.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--config " + name + ": not YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new IllegalArgumentException("--config " + name + ": empty file");
        }
        Fields f = new Fields(name, root);
        f.expect("apiVersion", API_VERSION);
        f.expect("kind", KIND);
        Map<String, Object> flags = new LinkedHashMap<>();
        f.string("bindAddress").ifPresent(v -> flags.put("--bind-address", v));
        f.string("healthzBindAddress").ifPresent(v -> flags.put("--healthz-bind-address", withPort(v, 10256)));
        f.string("metricsBindAddress").ifPresent(v -> flags.put("--metrics-bind-address", withPort(v, 10249)));
        f.string("hostnameOverride").ifPresent(v -> flags.put("--hostname-override", v));
        f.string("clusterCIDR").ifPresent(v -> flags.put("--cluster-cidr", v));
        f.strings("nodePortAddresses").ifPresent(v -> flags.put("--nodeport-addresses", v));
        f.string("clientConnection.kubeconfig").ifPresent(v -> flags.put("--kubeconfig", v));
        f.string("logging.verbosity").ifPresent(v -> flags.put("--v", v));
        f.duration("conntrack.udpTimeout").ifPresent(v -> flags.put("--udp-idle-timeout", v));
        for (String key : List.of("syncPeriod", "minSyncPeriod")) {
            String flag = key.equals("syncPeriod") ? "--sync-period" : "--min-sync-period";
            f.duration(key).or(() -> MODE_SECTIONS.stream().map(s -> f.duration(s + "." + key))
                            .flatMap(java.util.Optional::stream).findFirst())
                    .ifPresent(v -> flags.put(flag, v));
            MODE_SECTIONS.forEach(s -> f.used(s + "." + key));
        }
        return new Contents(flags, f.unused());
    }

    private static String withPort(String address, int port) {
        // kube-proxy accepts a bare IP here and adds its default port.
        boolean hasPort = address.startsWith("[") ? address.contains("]:") : address.chars().filter(c -> c == ':').count() == 1;
        if (hasPort) {
            return address;
        }
        return (address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address) + ":" + port;
    }

    /** The file's fields by dotted path, remembering which were read. */
    private static final class Fields {
        private final String file;
        private final Map<String, Object> leaves = new LinkedHashMap<>();
        private final java.util.Set<String> used = new java.util.HashSet<>();

        Fields(String file, Map<String, Object> root) {
            this.file = file;
            flatten("", root);
        }

        @SuppressWarnings("unchecked")
        private void flatten(String prefix, Map<String, Object> map) {
            map.forEach((k, v) -> {
                String path = prefix.isEmpty() ? k : prefix + "." + k;
                if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                    flatten(path, (Map<String, Object>) m);
                } else if (v != null && !(v instanceof Map<?, ?>) && !(v instanceof List<?> l && l.isEmpty())
                        && !"".equals(v)) {
                    leaves.put(path, v);
                }
            });
        }

        void expect(String path, String value) {
            used(path);
            Object v = leaves.get(path);
            if (!value.equals(v)) {
                throw new IllegalArgumentException("--config " + file + ": " + path + ": must be " + value
                        + " (got " + (v == null ? "nothing" : "\"" + v + "\"") + ")");
            }
        }

        void used(String path) {
            used.add(path);
        }

        java.util.Optional<String> string(String path) {
            used(path);
            Object v = leaves.get(path);
            if (v == null) {
                return java.util.Optional.empty();
            }
            if (v instanceof List<?> || v instanceof Map<?, ?>) {
                throw new IllegalArgumentException("--config " + file + ": " + path + ": must be a string");
            }
            return java.util.Optional.of(v.toString());
        }

        java.util.Optional<List<String>> strings(String path) {
            used(path);
            Object v = leaves.get(path);
            if (v == null) {
                return java.util.Optional.empty();
            }
            if (!(v instanceof List<?> list)) {
                throw new IllegalArgumentException("--config " + file + ": " + path + ": must be a list of strings");
            }
            List<String> out = new ArrayList<>();
            list.forEach(o -> out.add(String.valueOf(o)));
            return java.util.Optional.of(out);
        }

        /** A duration field; "0s" or 0 means "unset" in KubeProxyConfiguration. */
        java.util.Optional<String> duration(String path) {
            return string(path).filter(v -> !v.equals("0") && !v.equals("0s"));
        }

        List<String> unused() {
            return leaves.keySet().stream().filter(p -> !used.contains(p)).toList();
        }
    }
}
