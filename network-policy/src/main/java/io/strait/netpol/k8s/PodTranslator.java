package io.strait.netpol.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodIP;
import io.strait.netpol.model.Ips;
import io.strait.netpol.model.NamedPort;
import io.strait.netpol.model.Namespace;
import io.strait.netpol.model.Pod;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * fabric8 {@code Pod} / {@code Namespace} → model records. A pod policy cannot apply to yields
 * empty: host-network pods (their IP is the node's), pods without an IP yet, and finished pods
 * ({@code Succeeded}/{@code Failed}: their IP may already be someone else's). Named ports come
 * from every container and init container. Stateless.
 */
public final class PodTranslator {
    private PodTranslator() {}

    public static Optional<Pod> translate(io.fabric8.kubernetes.api.model.Pod pod) {
        var meta = pod.getMetadata();
        String ns = meta.getNamespace() == null ? "default" : meta.getNamespace();
        Fields f = new Fields("Pod", ns + "/" + meta.getName());
        if (pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return Optional.empty();
        }
        var status = pod.getStatus();
        if (status == null) {
            return Optional.empty();
        }
        if ("Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase())) {
            return Optional.empty();
        }
        Set<InetAddress> ips = new LinkedHashSet<>();
        List<PodIP> podIps = status.getPodIPs() == null ? List.of() : status.getPodIPs();
        for (int i = 0; i < podIps.size(); i++) {
            ips.add(ip(f, "status.podIPs[" + i + "].ip", podIps.get(i).getIp()));
        }
        if (ips.isEmpty() && status.getPodIP() != null && !status.getPodIP().isEmpty()) {
            ips.add(ip(f, "status.podIP", status.getPodIP()));
        }
        if (ips.isEmpty()) {
            return Optional.empty();
        }
        List<NamedPort> named = new ArrayList<>();
        if (pod.getSpec() != null) {
            ports(f, "spec.containers", pod.getSpec().getContainers(), named);
            ports(f, "spec.initContainers", pod.getSpec().getInitContainers(), named);
        }
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        return Optional.of(new Pod(ns, meta.getName(), labels, List.copyOf(ips), named));
    }

    private static InetAddress ip(Fields f, String field, String text) {
        try {
            return Ips.parse(text);
        } catch (IllegalArgumentException e) {
            throw f.invalid(field, e.getMessage());
        }
    }

    private static void ports(Fields f, String field, List<Container> containers, List<NamedPort> out) {
        for (int c = 0; containers != null && c < containers.size(); c++) {
            List<ContainerPort> ports = containers.get(c).getPorts();
            for (int p = 0; ports != null && p < ports.size(); p++) {
                ContainerPort cp = ports.get(p);
                if (cp.getName() == null || cp.getName().isEmpty()) {
                    continue;
                }
                String at = field + "[" + c + "].ports[" + p + "]";
                out.add(new NamedPort(f.portName(at + ".name", cp.getName()), f.port(at + ".containerPort", cp.getContainerPort()),
                        f.protocol(at + ".protocol", cp.getProtocol())));
            }
        }
    }

    /** A namespace with its labels, plus {@code kubernetes.io/metadata.name} as the API server always sets it. */
    public static Namespace namespace(io.fabric8.kubernetes.api.model.Namespace ns) {
        Map<String, String> labels = new TreeMap<>();
        if (ns.getMetadata().getLabels() != null) {
            labels.putAll(ns.getMetadata().getLabels());
        }
        labels.putIfAbsent("kubernetes.io/metadata.name", ns.getMetadata().getName());
        return new Namespace(ns.getMetadata().getName(), labels);
    }
}
