package io.strait.ingress.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.ingress.api.IngressClassObject;
import io.strait.ingress.api.IngressObject;
import io.strait.ingress.api.IngressObject.Backend;
import io.strait.ingress.api.IngressObject.Path;
import io.strait.ingress.api.IngressObject.Rule;
import io.strait.ingress.api.Meta;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.Problem;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.testing.Outcomes;
import io.strait.ingress.testing.TestCluster;
import io.strait.ingress.testing.TestRequest;
import io.strait.proxy.model.ClusterState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sink: invalid objects are reported by field and keep their last good version; deletes are forgotten. */
class RouteSinkTest {
    static final List<IngressClassObject> CLASSES = List.of(new IngressClassObject("strait", IngressCompiler.CONTROLLER,
            Map.of(IngressClassObject.DEFAULT_CLASS_ANNOTATION, "true")));
    static final ClusterState CLUSTER = TestCluster.named("ns", "a", "b").state();

    static IngressObject ing(String path, String type, String service) {
        return new IngressObject(Meta.of("ns", "web"), null, null,
                List.of(new Rule("web.example", List.of(new Path(path, type, Backend.service(service, 8080))))), List.of());
    }

    static RouteObjects objects(IngressObject... ingresses) {
        return new RouteObjects(List.of(), List.of(), List.of(), List.of(), CLASSES, List.of(ingresses), List.of());
    }

    static String serve(RouteTable t, String path) {
        return Outcomes.of(t, t.ingress(), TestRequest.get("web.example", path));
    }

    @Test
    void invalidVersionIsReportedByFieldAndTheLastGoodOneKeepsServing() {
        RouteSink sink = new RouteSink();
        sink.update(objects(ing("/a", "Prefix", "a")), CLUSTER);
        RouteTable t = sink.update(objects(ing("b", "Regex", "b")), CLUSTER);
        ObjectRef web = new ObjectRef("Ingress", "ns", "web");
        assertThat(t.problems()).containsExactlyInAnyOrder(
                new Problem(web, "spec.rules[0].http.paths[0].pathType",
                        "must be Exact, Prefix or ImplementationSpecific, got Regex"),
                new Problem(web, "spec.rules[0].http.paths[0].path", "must be an absolute path starting with /, got b"));
        assertThat(serve(t, "/a")).isEqualTo("a");
        assertThat(sink.table()).isSameAs(t);

        RouteTable fixed = sink.update(objects(ing("/b", "Exact", "b")), CLUSTER);
        assertThat(fixed.problems()).isEmpty();
        assertThat(serve(fixed, "/a")).isEqualTo("404");
        assertThat(serve(fixed, "/b")).isEqualTo("b");
    }

    @Test
    void invalidObjectNeverSeenValidIsLeftOutAndOthersStillChange() {
        RouteSink sink = new RouteSink();
        IngressObject bad = new IngressObject(Meta.of("ns", "bad"), null, null,
                List.of(new Rule("*bad*", List.of(new Path("/", "Prefix", Backend.service("a", 0))))), List.of());
        RouteTable t = sink.update(objects(bad, ing("/a", "Prefix", "a")), CLUSTER);
        assertThat(t.problems()).extracting(Problem::field)
                .containsExactlyInAnyOrder("spec.rules[0].host", "spec.rules[0].http.paths[0].backend.service.port");
        assertThat(t.servedIngresses()).containsExactly(new ObjectRef("Ingress", "ns", "web"));
        assertThat(serve(t, "/a")).isEqualTo("a");
    }

    @Test
    void deletedObjectIsForgottenNotRevivedWhenItReturnsInvalid() {
        RouteSink sink = new RouteSink();
        sink.update(objects(ing("/a", "Prefix", "a")), CLUSTER);
        assertThat(serve(sink.update(objects(), CLUSTER), "/a")).isEqualTo("404");
        assertThat(serve(sink.update(objects(ing("x", "Prefix", "a")), CLUSTER), "/a")).isEqualTo("404");
    }

    @Test
    void endpointChangesReachTheTable() {
        RouteSink sink = new RouteSink();
        RouteObjects o = objects(ing("/", "Prefix", "a"));
        assertThat(serve(sink.update(o, ClusterState.EMPTY), "/")).isEqualTo("500");
        TestCluster empty = new TestCluster().service("ns", "a", 8080, "http");
        assertThat(serve(sink.update(o, empty.state()), "/")).isEqualTo("503");
        assertThat(serve(sink.update(o, CLUSTER), "/")).isEqualTo("a");
    }

    @Test
    void tlsEntryWithoutItsSecretIsReportedByField() {
        IngressObject i = new IngressObject(Meta.of("ns", "web"), null, null, List.of(),
                List.of(new IngressObject.Tls(List.of("web.example"), "missing")));
        RouteTable t = new RouteSink().update(objects(i), CLUSTER);
        assertThat(t.problems()).containsExactly(new Problem(new ObjectRef("Ingress", "ns", "web"), "spec.tls[0].secretName",
                "no kubernetes.io/tls Secret ns/missing (the entry is not served)"));
        assertThat(t.tls()).isEmpty();
    }

    @Test
    void implementationSpecificIsPrefixAndPortByNameResolves() {
        IngressObject i = new IngressObject(Meta.of("ns", "web"), null, null, List.of(new Rule(null,
                List.of(new Path("/x", "ImplementationSpecific", Backend.service("a", "http"))))), List.of());
        RouteTable t = new RouteSink().update(objects(i), CLUSTER);
        assertThat(Outcomes.of(t, t.ingress(), TestRequest.get("any.host", "/x/y"))).isEqualTo("a");
        assertThat(Outcomes.of(t, t.ingress(), TestRequest.get("any.host", "/xy"))).isEqualTo("404");
    }
}
