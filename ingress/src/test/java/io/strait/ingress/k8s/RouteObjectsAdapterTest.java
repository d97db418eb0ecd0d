package io.strait.ingress.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.compile.GatewayCompiler;
import io.strait.ingress.compile.IngressCompiler;
import io.strait.ingress.compile.RouteSink;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.testing.Outcomes;
import io.strait.ingress.testing.TestCluster;
import io.strait.ingress.testing.TestRequest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** fabric8 objects through the adapter into a table: the fields that routing reads arrive intact. */
class RouteObjectsAdapterTest {

    @Test
    void ingressAndHttpRouteFromFabric8() {
        var ingressClass = new IngressClassBuilder().withNewMetadata().withName("strait")
                .addToAnnotations("ingressclass.kubernetes.io/is-default-class", "true").endMetadata()
                .withNewSpec().withController(IngressCompiler.CONTROLLER).endSpec().build();
        var ingress = new IngressBuilder().withNewMetadata().withNamespace("ns").withName("web")
                .withCreationTimestamp("2026-01-02T03:04:05Z").endMetadata()
                .withNewSpec().addNewRule().withHost("web.example").withNewHttp().addNewPath().withPath("/api")
                .withPathType("Prefix").withNewBackend().withNewService().withName("a").withNewPort().withName("http")
                .endPort().endService().endBackend().endPath().endHttp().endRule()
                .addNewTl().withHosts("web.example").withSecretName("tls").endTl().endSpec().build();
        var secret = new SecretBuilder().withNewMetadata().withNamespace("ns").withName("tls").endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", Base64.getEncoder().encodeToString("CERT".getBytes()))
                .addToData("tls.key", Base64.getEncoder().encodeToString("KEY".getBytes())).build();
        var gatewayClass = new GatewayClassBuilder().withNewMetadata().withName("strait").endMetadata()
                .withNewSpec().withControllerName(GatewayCompiler.CONTROLLER).endSpec().build();
        var gateway = new GatewayBuilder().withNewMetadata().withNamespace("ns").withName("gw").endMetadata()
                .withNewSpec().withGatewayClassName("strait").addNewListener().withName("http").withPort(80)
                .withProtocol("HTTP").endListener().endSpec().build();
        var route = new HTTPRouteBuilder().withNewMetadata().withNamespace("ns").withName("r").endMetadata()
                .withNewSpec().addNewParentRef().withName("gw").endParentRef().addNewRule()
                .addNewMatch().withNewPath().withType("Exact").withValue("/x").endPath()
                .addNewHeader().withName("version").withValue("two").endHeader().endMatch()
                .addNewBackendRef().withName("b").withPort(8080).withWeight(1).endBackendRef().endRule().endSpec().build();

        RouteObjects objects = RouteObjectsAdapter.snapshot(List.of(gatewayClass), List.of(gateway), List.of(route),
                List.of(), List.of(ingressClass), List.of(ingress), List.of(secret));
        assertThat(objects.ingresses().getFirst().meta().created()).hasToString("2026-01-02T03:04:05Z");
        assertThat(objects.secrets().getFirst().certificatePem()).isEqualTo("CERT".getBytes());

        TestCluster cluster = TestCluster.named("ns", "a");
        cluster.service("ns", "b", 8080, "web", new java.net.InetSocketAddress("10.0.9.1", 80));
        RouteTable t = new RouteSink().update(objects, cluster.state());
        assertThat(t.problems()).isEmpty();
        assertThat(Outcomes.of(t, t.ingress(), TestRequest.get("web.example", "/api/v1"))).isEqualTo("a");
        assertThat(t.tls()).hasSize(1);
        assertThat(Outcomes.of(t, t.gatewayPort(80), TestRequest.get("any", "/x").headers("Version", "two")))
                .isEqualTo("b");
        assertThat(Outcomes.of(t, t.gatewayPort(80), TestRequest.get("any", "/x"))).isEqualTo("404");
    }
}
