package io.strait.netpol.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.strait.netpol.model.Ips;
import io.strait.netpol.model.NamedPort;
import io.strait.netpol.model.Protocol;
import org.junit.jupiter.api.Test;

class PodTranslatorTest {
    private static Pod pod(String spec, String status) {
        return Json.read("{metadata: {namespace: 'x', name: 'web', labels: {app: 'web'}}, spec: " + spec
                + ", status: " + status + "}", Pod.class);
    }

    @Test
    void takesLabelsBothPodIpsAndNamedPortsOfEveryContainer() {
        var p = PodTranslator.translate(pod("""
                {containers: [{name: 'a', ports: [{name: 'http', containerPort: 8080}, {containerPort: 9}]}],
                 initContainers: [{name: 'side', ports: [{name: 'dns', containerPort: 53, protocol: 'UDP'}]}]}""",
                "{phase: 'Running', podIP: '10.0.0.5', podIPs: [{ip: '10.0.0.5'}, {ip: 'fd00::5'}]}")).orElseThrow();
        assertThat(p.labels()).containsEntry("app", "web");
        assertThat(p.ips()).containsExactly(Ips.parse("10.0.0.5"), Ips.parse("fd00::5"));
        assertThat(p.namedPorts()).containsExactly(new NamedPort("http", 8080, Protocol.TCP), new NamedPort("dns", 53, Protocol.UDP));
    }

    @Test
    void leavesOutHostNetworkFinishedAndAddresslessPods() {
        assertThat(PodTranslator.translate(pod("{hostNetwork: true}", "{phase: 'Running', podIP: '192.168.0.1'}"))).isEmpty();
        assertThat(PodTranslator.translate(pod("{}", "{phase: 'Succeeded', podIP: '10.0.0.5'}"))).isEmpty();
        assertThat(PodTranslator.translate(pod("{}", "{phase: 'Pending'}"))).isEmpty();
        assertThat(PodTranslator.translate(pod("{}", "{phase: 'Running', podIP: '10.0.0.6'}")).orElseThrow().ips())
                .containsExactly(Ips.parse("10.0.0.6"));
    }

    @Test
    void badAddressesAndPortsNameTheField() {
        assertThatThrownBy(() -> PodTranslator.translate(pod("{}", "{podIPs: [{ip: 'not-an-ip'}]}")))
                .hasMessage("Pod x/web: status.podIPs[0].ip: \"not-an-ip\" is not an IP address");
        assertThatThrownBy(() -> PodTranslator.translate(pod("{containers: [{ports: [{name: 'h', containerPort: 0}]}]}",
                "{podIP: '10.0.0.5'}"))).hasMessage("Pod x/web: spec.containers[0].ports[0].containerPort: 0 is not a port number (1-65535)");
    }

    @Test
    void namespacesGetTheMetadataNameLabelAsTheApiServerSetsIt() {
        var ns = PodTranslator.namespace(Json.read("{metadata: {name: 'x', labels: {team: 'a'}}}", Namespace.class));
        assertThat(ns.labels()).containsEntry("team", "a").containsEntry("kubernetes.io/metadata.name", "x");
    }
}
