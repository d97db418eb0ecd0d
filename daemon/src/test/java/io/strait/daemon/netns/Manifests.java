package io.strait.daemon.netns;

import java.util.List;
import java.util.stream.Collectors;

/** Builds the Service and EndpointSlice manifests the namespace tests serve. */
final class Manifests {
    private Manifests() {}

    /** A Service with one TCP port; extraSpec and annotations are YAML fragments (may be empty). */
    static String service(String name, String type, String clusterIp, int port, int targetPort, int nodePort,
                          String extraSpec, String annotations, String lbIp) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                  namespace: default
                  annotations: {%s}
                spec:
                  type: %s
                  clusterIP: %s
                %s  ports:
                  - {name: tcp, protocol: TCP, port: %d, targetPort: %d, nodePort: %d}
                %s""".formatted(name, annotations, type, clusterIp, extraSpec.indent(2), port, targetPort, nodePort,
                lbIp == null ? "" : "status: {loadBalancer: {ingress: [{ip: " + lbIp + "}]}}\n");
    }

    /** The Service's one EndpointSlice: these pods, ready, on their nodes, at targetPort. */
    static String slice(String service, int targetPort, List<Pod> pods) {
        String endpoints = pods.stream().map(p -> "- {addresses: [\"" + p.ip() + "\"], nodeName: " + p.node().name()
                + ", conditions: {ready: true}}").collect(Collectors.joining("\n"));
        return """
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %s-1
                  namespace: default
                  labels: {kubernetes.io/service-name: %s}
                addressType: IPv4
                ports:
                - {name: tcp, protocol: TCP, port: %d}
                endpoints:
                %s
                """.formatted(service, service, targetPort, endpoints.isEmpty() ? "[]" : endpoints);
    }
}
