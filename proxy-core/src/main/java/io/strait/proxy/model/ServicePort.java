package io.strait.proxy.model;

/**
 * One entry of {@code spec.ports}.
 *
 * @param name       the port name ("" when the Service has a single unnamed port)
 * @param protocol   TCP, UDP or SCTP
 * @param port       the port on ClusterIPs, external IPs and LoadBalancer IPs
 * @param nodePort   the NodePort, or 0 when none
 * @param targetPort the numeric target port when given as a number, else 0 (named ports resolve
 *                   through EndpointSlices, as in kube-proxy)
 */
public record ServicePort(String name, Protocol protocol, int port, int nodePort, int targetPort) {
    public ServicePort {
        name = name == null ? "" : name;
    }
}
