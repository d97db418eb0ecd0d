package io.strait.proxy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceType;
import io.strait.lb.TrafficPolicy;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceTranslatorTest {
    private final ServiceTranslator standalone = new ServiceTranslator("strait", true);
    private final ServiceTranslator cluster = new ServiceTranslator("strait", false);

    static ServiceBuilder web() {
        return new ServiceBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.10")
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec();
    }

    static ServiceInfo accepted(Translation<ServiceInfo> t) {
        assertThat(t).isInstanceOf(Translation.Accepted.class);
        return ((Translation.Accepted<ServiceInfo>) t).value();
    }

    @Test
    void translatesTheFieldsTheProxyUses() {
        Service svc = web().editSpec().withType("NodePort").withClusterIPs("10.96.0.10", "fd00::10")
                .withExternalIPs("192.0.2.7").withSessionAffinity("ClientIP").withExternalTrafficPolicy("Local")
                .editFirstPort().withNodePort(30080).endPort()
                .addNewPort().withName("dns").withProtocol("UDP").withPort(53).withNodePort(30053).endPort().endSpec().build();
        ServiceInfo info = accepted(standalone.translate(svc));
        assertThat(info.name().toString()).isEqualTo("shop/web");
        assertThat(info.type()).isEqualTo(ServiceType.NODE_PORT);
        assertThat(info.clusterIPs()).containsExactly(InetAddress.ofLiteral("10.96.0.10"), InetAddress.ofLiteral("fd00::10"));
        assertThat(info.externalIPs()).containsExactly(InetAddress.ofLiteral("192.0.2.7"));
        assertThat(info.ports()).hasSize(2);
        assertThat(info.ports().get(0).nodePort()).isEqualTo(30080);
        assertThat(info.ports().get(0).targetPort()).isZero(); // named: resolved through slices
        assertThat(info.ports().get(1).protocol()).isEqualTo(Protocol.UDP);
        assertThat(info.ports().get(1).targetPort()).isEqualTo(53); // defaults to port
        assertThat(info.affinityTimeout()).isEqualTo(Duration.ofSeconds(10800));
        assertThat(info.externalTrafficPolicy()).isEqualTo(TrafficPolicy.LOCAL);
        assertThat(info.internalTrafficPolicy()).isEqualTo(TrafficPolicy.CLUSTER);
        assertThat(info.loadBalancerClass()).isNull();
    }

    @Test
    void keepsTheLoadBalancerClass() {
        Service svc = web().editSpec().withType("LoadBalancer").withLoadBalancerClass("example.com/lb")
                .editFirstPort().withNodePort(30080).endPort().endSpec().build();
        assertThat(accepted(standalone.translate(svc)).loadBalancerClass()).isEqualTo("example.com/lb");
    }

    @Test
    void namespaceDefaultsAsKubectlDoes() {
        Service svc = web().editMetadata().withNamespace(null).endMetadata().build();
        assertThat(accepted(standalone.translate(svc)).name().namespace()).isEqualTo("default");
    }

    @Test
    void missingPortNamesTheField() {
        Service svc = web().editSpec().editFirstPort().withPort(null).endPort().endSpec().build();
        assertThatThrownBy(() -> standalone.translate(svc))
                .isInstanceOf(InvalidObjectException.class)
                .hasMessage("Service shop/web: spec.ports[0].port: missing port");
    }

    @Test
    void outOfRangePortNamesTheField() {
        Service svc = web().editSpec().editFirstPort().withPort(70000).endPort().endSpec().build();
        assertThatThrownBy(() -> standalone.translate(svc))
                .hasMessage("Service shop/web: spec.ports[0].port: must be between 1 and 65535 (got 70000)");
    }

    @Test
    void standaloneNeedsAClusterIp() {
        Service svc = web().editSpec().withClusterIP(null).endSpec().build();
        assertThatThrownBy(() -> standalone.translate(svc))
                .hasMessageContaining("Service shop/web: spec.clusterIP: missing");
        assertThat(cluster.translate(svc)).isInstanceOf(Translation.Ignored.class);
    }

    @Test
    void standaloneNodePortNeedsANodePort() {
        Service svc = web().editSpec().withType("NodePort").endSpec().build();
        assertThatThrownBy(() -> standalone.translate(svc)).hasMessageContaining("spec.ports[0].nodePort: missing");
    }

    @Test
    void badValuesNameTheirFields() {
        assertThatThrownBy(() -> standalone.translate(web().editSpec().withClusterIP("10.96.0.300").endSpec().build()))
                .hasMessageContaining("spec.clusterIPs[0]: not an IP address: \"10.96.0.300\"");
        assertThatThrownBy(() -> standalone.translate(web().editSpec().editFirstPort().withProtocol("ICMP").endPort().endSpec().build()))
                .hasMessageContaining("spec.ports[0].protocol: unknown protocol \"ICMP\"");
        assertThatThrownBy(() -> standalone.translate(web().editSpec().withType("Bogus").endSpec().build()))
                .hasMessageContaining("spec.type: unknown Service type \"Bogus\"");
        assertThatThrownBy(() -> standalone.translate(web().editSpec().addNewPort().withPort(81).endPort().endSpec().build()))
                .hasMessageContaining("spec.ports[1].name: required when a Service has several ports");
        assertThatThrownBy(() -> standalone.translate(web().editSpec().withSessionAffinity("ClientIP")
                .withNewSessionAffinityConfig().withNewClientIP(0).endSessionAffinityConfig().endSpec().build()))
                .hasMessageContaining("spec.sessionAffinityConfig.clientIP.timeoutSeconds: must be between 1 and 86400");
    }

    @Test
    void ignoresWhatKubeProxyIgnores() {
        // Headless and ExternalName Services reach the snapshot for DNS, marked not proxied
        // (the Planner skips them: DnsOnlyServicesTest).
        ServiceInfo headless = accepted(standalone.translate(web().editSpec().withClusterIP("None").endSpec().build()));
        assertThat(headless.proxied()).isFalse();
        assertThat(headless.headless()).isTrue();
        ServiceInfo external = accepted(standalone.translate(web().editSpec().withType("ExternalName")
                .withExternalName("example.org").endSpec().build()));
        assertThat(external.proxied()).isFalse();
        assertThat(external.headless()).isFalse();
        assertThat(standalone.translate(web().editMetadata().addToLabels(ServiceTranslator.SERVICE_PROXY_NAME, "other").endMetadata().build()))
                .isInstanceOf(Translation.Ignored.class);
        assertThat(standalone.translate(web().editMetadata().addToLabels(ServiceTranslator.SERVICE_PROXY_NAME, "strait").endMetadata().build()))
                .isInstanceOf(Translation.Accepted.class);
    }

    @Test
    void keepsWhatDnsNeeds() {
        ServiceInfo headless = accepted(cluster.translate(web().editSpec().withClusterIP("None").withPorts()
                .withPublishNotReadyAddresses(true).endSpec().build()));
        assertThat(headless.ports()).isEmpty(); // ports are optional for headless Services
        assertThat(headless.publishNotReadyAddresses()).isTrue();
        ServiceInfo external = accepted(cluster.translate(web().editSpec().withType("ExternalName").withClusterIP(null)
                .withExternalName("WWW.Example.org.").endSpec().build()));
        assertThat(external.externalName()).isEqualTo("www.example.org");
        assertThat(external.clusterIPs()).isEmpty();
        assertThat(accepted(cluster.translate(web().build())).publishNotReadyAddresses()).isFalse();
        assertThatThrownBy(() -> cluster.translate(web().editSpec().withType("ExternalName").endSpec().build()))
                .hasMessageContaining("Service shop/web").hasMessageContaining("spec.externalName: missing");
        assertThatThrownBy(() -> cluster.translate(web().editSpec().withType("ExternalName")
                .withExternalName("bad_name.example").endSpec().build()))
                .hasMessageContaining("spec.externalName: not a DNS name (RFC 1123): \"bad_name.example\"");
    }
}
