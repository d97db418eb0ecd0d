package io.strait.daemon.netns;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;

/** Objects the Kubernetes-mode netns tests write into the mock API server, as a cluster would hold them. */
final class ApiObjects {
    private ApiObjects() {
    }

    static NodeStatus ready(String status) {
        return new NodeStatusBuilder().withConditions(new NodeConditionBuilder().withType("Ready")
                .withStatus(status).build()).build();
    }

    /** A Node named as the netns node, Ready. */
    static void readyNode(KubernetesClient admin, Node n) {
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName(n.name()).endMetadata()
                .withStatus(ready("True")).build()).create();
    }

    static void metallb(KubernetesClient admin, ResourceDefinitionContext kind, String name, Map<String, Object> spec) {
        admin.genericKubernetesResources(kind).inNamespace("metallb-system").resource(new GenericKubernetesResourceBuilder()
                .withApiVersion(kind.getGroup() + "/" + kind.getVersion()).withKind(kind.getKind())
                .withNewMetadata().withName(name).withNamespace("metallb-system").endMetadata()
                .addToAdditionalProperties("spec", spec).build()).create();
    }

    /** A TCP LoadBalancer Service in default (80 → 8080) whose status already holds lbIp ("by an earlier run"). */
    static Service loadBalancer(String name, String clusterIp, int nodePort, String lbIp, String trafficPolicy) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("default")
                .endMetadata().withNewSpec().withType("LoadBalancer").withClusterIP(clusterIp)
                .withClusterIPs(clusterIp).withExternalTrafficPolicy(trafficPolicy).addNewPort().withName("tcp")
                .withProtocol("TCP").withPort(80).withNewTargetPort(8080).withNodePort(nodePort).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().withIngress(new LoadBalancerIngressBuilder().withIp(lbIp)
                        .build()).endLoadBalancer().endStatus().build();
    }

    /** The Service's one EndpointSlice, with these pods ready on their nodes. */
    static EndpointSlice slice(String service, List<Pod> pods) {
        return new EndpointSliceBuilder().withNewMetadata()
                .withName(service + "-1").withNamespace("default").withLabels(Map.of("kubernetes.io/service-name", service))
                .endMetadata().withAddressType("IPv4")
                .addNewPort().withName("tcp").withProtocol("TCP").withPort(8080).endPort()
                .withEndpoints(pods.stream().map(p -> new EndpointBuilder().withAddresses(p.ip())
                        .withNodeName(p.node().name()).withNewConditions().withReady(true).endConditions().build())
                        .toList()).build();
    }
}
