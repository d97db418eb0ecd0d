package io.strait.ingress.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.ingress.api.IngressClassObject;
import io.strait.ingress.api.IngressObject;
import io.strait.ingress.api.IngressObject.Backend;
import io.strait.ingress.api.IngressObject.Path;
import io.strait.ingress.api.IngressObject.Rule;
import io.strait.ingress.api.Meta;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.api.TlsSecretObject;
import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.testing.Outcomes;
import io.strait.ingress.testing.TestCluster;
import io.strait.ingress.testing.TestRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scenarios of kubernetes-sigs/ingress-controller-conformance (features path_rules, host_rules,
 * default_backend, ingress_class) as data: request → the Service that serves it, or the status.
 */
class IngressConformanceTest {
    static final String NS = "conformance";
    static final List<IngressClassObject> CLASSES = List.of(
            new IngressClassObject("strait", IngressCompiler.CONTROLLER,
                    Map.of(IngressClassObject.DEFAULT_CLASS_ANNOTATION, "true")),
            new IngressClassObject("other", "example.com/other", Map.of()));

    static Path path(String path, String type, String service) {
        return new Path(path, type, Backend.service(service, 8080));
    }

    static IngressObject ingress(String name, String className, Backend defaultBackend, Rule... rules) {
        return new IngressObject(Meta.of(NS, name), className, defaultBackend, List.of(rules), List.of());
    }

    static RouteTable table(IngressObject... ingresses) {
        TestCluster cluster = TestCluster.named(NS, "foo-exact", "foo-prefix", "aaa-slash-bbb-prefix", "aaa-prefix",
                "aaa-slash-bbb-slash-prefix", "foo-slash-exact", "wildcard-foo-com", "echo-service", "ingress-class-prefix");
        cluster.service(NS, "foo-bar-com", 8080, "http", new java.net.InetSocketAddress("10.0.1.1", 80));
        RouteObjects objects = new RouteObjects(List.of(), List.of(), List.of(), List.of(), CLASSES,
                List.of(ingresses), List.of(new TlsSecretObject(Meta.of(NS, "conformance-tls"), TlsSecretObject.TLS_TYPE,
                        new byte[] {1}, new byte[] {2})));
        RouteTable t = new RouteSink().update(objects, cluster.state());
        assertThat(t.problems()).isEmpty();
        return t;
    }

    static final RouteTable PATH_RULES = table(ingress("path-rules", null, null,
            new Rule("exact-path-rules", List.of(path("/foo", "Exact", "foo-exact"))),
            new Rule("prefix-path-rules", List.of(path("/foo", "Prefix", "foo-prefix"),
                    path("/aaa/bbb", "Prefix", "aaa-slash-bbb-prefix"), path("/aaa", "Prefix", "aaa-prefix"))),
            new Rule("mixed-path-rules", List.of(path("/foo", "Prefix", "foo-prefix"), path("/foo", "Exact", "foo-exact"))),
            new Rule("trailing-slash-path-rules", List.of(path("/aaa/bbb/", "Prefix", "aaa-slash-bbb-slash-prefix"),
                    path("/foo/", "Exact", "foo-slash-exact")))));

    @ParameterizedTest(name = "path_rules: {0}{1} -> {2}")
    @CsvSource({
        "exact-path-rules, /foo, foo-exact",
        "exact-path-rules, /foo/, 404",
        "exact-path-rules, /FOO, 404",
        "exact-path-rules, /bar, 404",
        "prefix-path-rules, /foo, foo-prefix",
        "prefix-path-rules, /foo/, foo-prefix",
        "prefix-path-rules, /FOO, 404",
        "prefix-path-rules, /aaa/bbb, aaa-slash-bbb-prefix",
        "prefix-path-rules, /aaa/bbb/ccc, aaa-slash-bbb-prefix",
        "prefix-path-rules, /aaa/ccc, aaa-prefix",
        "prefix-path-rules, /aaaccc, 404",
        "mixed-path-rules, /foo, foo-exact",
        "mixed-path-rules, /foo/bar, foo-prefix",
        "trailing-slash-path-rules, /aaa/bbb, aaa-slash-bbb-slash-prefix",
        "trailing-slash-path-rules, /aaa/bbb/, aaa-slash-bbb-slash-prefix",
        "trailing-slash-path-rules, /foo, 404",
        "trailing-slash-path-rules, /foo/, foo-slash-exact",
    })
    void pathRules(String host, String path, String expected) {
        assertThat(Outcomes.of(PATH_RULES, PATH_RULES.ingress(), TestRequest.get(host, path))).isEqualTo(expected);
    }

    static final RouteTable HOST_RULES = table(new IngressObject(Meta.of(NS, "host-rules"), null, null, List.of(
            new Rule("*.foo.com", List.of(path("/", "Prefix", "wildcard-foo-com"))),
            new Rule("foo.bar.com", List.of(new Path("/", "Prefix", Backend.service("foo-bar-com", "http"))))),
            List.of(new IngressObject.Tls(List.of("foo.bar.com"), "conformance-tls"))));

    @ParameterizedTest(name = "host_rules: {0} -> {1}")
    @CsvSource({
        "foo.bar.com, foo-bar-com",
        "FOO.bar.com, foo-bar-com",
        "subdomain.bar.com, 404",
        "bar.foo.com, wildcard-foo-com",
        "baz.bar.foo.com, 404",
        "foo.com, 404",
    })
    void hostRules(String host, String expected) {
        assertThat(Outcomes.of(HOST_RULES, HOST_RULES.ingress(), TestRequest.get(host, "/"))).isEqualTo(expected);
        assertThat(HOST_RULES.tls()).singleElement().satisfies(b -> {
            assertThat(b.host().matches("foo.bar.com")).isTrue();
            assertThat(b.secret()).isEqualTo(new ObjectRef("Secret", NS, "conformance-tls"));
        });
    }

    static final RouteTable DEFAULT_BACKEND = table(ingress("default-backend", null, Backend.service("echo-service", 8080)));

    @ParameterizedTest(name = "default_backend: {0} {1}/{2}")
    @CsvSource({
        "GET, my-host, ''",
        "GET, my-host, sub-path",
        "POST, some-host, ''",
        "PUT, '', resource",
        "DELETE, some-host, resource",
        "PATCH, my-host, resource",
    })
    void defaultBackend(String method, String host, String path) {
        TestRequest request = TestRequest.get(host, "/" + path).method(method);
        assertThat(Outcomes.of(DEFAULT_BACKEND, DEFAULT_BACKEND.ingress(), request)).isEqualTo("echo-service");
    }

    @ParameterizedTest(name = "ingress_class: class {0} -> {1}")
    @CsvSource({
        "some-invalid-class-name, 404, false",
        "other, 404, false",
        "strait, ingress-class-prefix, true",
        "'', ingress-class-prefix, true",
    })
    void ingressClass(String className, String expected, boolean served) {
        IngressObject ing = ingress("test-ingress-class", className.isEmpty() ? null : className, null,
                new Rule("ingress-class", List.of(path("/", "Prefix", "ingress-class-prefix"))));
        RouteTable t = table(ing);
        assertThat(Outcomes.of(t, t.ingress(), TestRequest.get("ingress-class", "/"))).isEqualTo(expected);
        assertThat(t.servedIngresses().contains(IngressCompiler.ref(ing))).isEqualTo(served);
    }
}
