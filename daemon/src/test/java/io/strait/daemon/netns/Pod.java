package io.strait.daemon.netns;

/**
 * A pod: a namespace attached to its node's {@code cni0} bridge by the CNI bridge plugin, running
 * the name server of {@code nettool.py} (8080 greets with the pod's name, 8081 expects a PROXY
 * v1 header).
 *
 * @param name the pod's name (what its server answers)
 * @param ns   its network namespace
 * @param ip   the address host-local gave it
 * @param node the node it runs on
 */
public record Pod(String name, String ns, String ip, Node node) {}
