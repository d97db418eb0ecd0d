package io.strait.proxy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.SliceInfo;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SliceTranslatorTest {
    private final SliceTranslator translator = new SliceTranslator();

    static EndpointSliceBuilder slice() {
        return new EndpointSliceBuilder().withNewMetadata().withName("web-abc").withNamespace("shop")
                .addToLabels(SliceTranslator.SERVICE_NAME_LABEL, "web")
                .addToAnnotations(SliceTranslator.TRIGGER_TIME, "2026-11-25T10:00:00Z").endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(8080).endPort()
                .addNewEndpoint().withAddresses("10.244.1.5").withNodeName("node-a").withZone("z1").endEndpoint()
                .addNewEndpoint().withAddresses("10.244.2.5").withNewConditions().withReady(false)
                .withServing(true).withTerminating(true).endConditions().endEndpoint();
    }

    @Test
    void joinsToItsServiceAndReadsConditions() {
        SliceInfo info = ((Translation.Accepted<SliceInfo>) translator.translate(slice().build())).value();
        assertThat(info.service().toString()).isEqualTo("shop/web");
        assertThat(info.triggerTime()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        EndpointAddress first = info.endpoints().get(0);
        assertThat(first.ready()).isTrue();
        assertThat(first.serving()).isTrue();        // unset serving is true
        assertThat(first.terminating()).isFalse();
        assertThat(first.nodeName()).isEqualTo("node-a");
        EndpointAddress second = info.endpoints().get(1);
        assertThat(second.ready()).isFalse();
        assertThat(second.serving()).isTrue();
        assertThat(second.terminating()).isTrue();
    }

    /** kube-proxy's EndpointSliceCache: nil serving is true (not "follows ready"). */
    @Test
    void unsetServingIsTrueEvenForAnEndpointThatIsNotReady() {
        SliceInfo info = ((Translation.Accepted<SliceInfo>) translator.translate(slice()
                .addNewEndpoint().withAddresses("10.244.3.5").withNewConditions().withReady(false)
                .withTerminating(true).endConditions().endEndpoint()
                .addNewEndpoint().withAddresses("10.244.4.5").withNewConditions().withReady(false)
                .endConditions().endEndpoint()
                .addNewEndpoint().withAddresses("10.244.5.5").withNewConditions().withReady(false)
                .withServing(false).withTerminating(true).endConditions().endEndpoint().build())).value();
        EndpointAddress terminating = info.endpoints().get(2);
        assertThat(terminating.ready()).isFalse();
        assertThat(terminating.serving()).as("terminating, serving unset: a serving-terminating fallback").isTrue();
        assertThat(terminating.terminating()).isTrue();
        assertThat(info.endpoints().get(3).serving()).as("not ready, serving unset").isTrue();
        assertThat(info.endpoints().get(4).serving()).as("serving false stays false").isFalse();
    }

    @Test
    void missingServiceLabelNamesTheLabel() {
        assertThatThrownBy(() -> translator.translate(slice().editMetadata().withLabels(java.util.Map.of()).endMetadata().build()))
                .hasMessageStartingWith("EndpointSlice shop/web-abc: metadata.labels[kubernetes.io/service-name]: missing");
    }

    @Test
    void badAddressNamesTheEndpoint() {
        assertThatThrownBy(() -> translator.translate(slice().editFirstEndpoint().withAddresses("10.244.1").endEndpoint().build()))
                .hasMessage("EndpointSlice shop/web-abc: endpoints[0].addresses[0]: not an IP address: \"10.244.1\"");
        assertThatThrownBy(() -> translator.translate(slice().editFirstEndpoint().withAddresses("fd00::1").endEndpoint().build()))
                .hasMessageContaining("endpoints[0].addresses[0]: fd00:0:0:0:0:0:0:1 does not match the slice's addressType");
    }

    @Test
    void badPortNamesThePort() {
        assertThatThrownBy(() -> translator.translate(slice().editFirstPort().withPort(0).endPort().build()))
                .hasMessage("EndpointSlice shop/web-abc: ports[0].port: must be between 1 and 65535 (got 0)");
    }

    @Test
    void fqdnSlicesAreIgnoredWithAReason() {
        assertThat(translator.translate(slice().withAddressType("FQDN").build()))
                .isInstanceOfSatisfying(Translation.Ignored.class, i -> assertThat(i.reason()).contains("FQDN"));
    }

    @Test
    void keepsTheEndpointHostnameForDns() {
        SliceInfo info = ((Translation.Accepted<SliceInfo>) translator.translate(slice().editFirstEndpoint()
                .withHostname("Web-0").endEndpoint().build())).value();
        assertThat(info.endpoints().get(0).hostname()).isEqualTo("web-0");
        assertThat(info.endpoints().get(1).hostname()).isNull();
        assertThatThrownBy(() -> translator.translate(slice().editFirstEndpoint().withHostname("a.b").endEndpoint().build()))
                .hasMessageContaining("EndpointSlice shop/web-abc")
                .hasMessageContaining("endpoints[0].hostname: not a DNS label (RFC 1123): \"a.b\"");
    }
}
