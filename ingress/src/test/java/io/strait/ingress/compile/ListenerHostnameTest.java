package io.strait.ingress.compile;

import static io.strait.ingress.compile.GatewayFixtures.CLASS;
import static io.strait.ingress.compile.GatewayFixtures.INFRA;
import static org.assertj.core.api.Assertions.assertThat;

import io.strait.ingress.api.GatewayObject;
import io.strait.ingress.api.GatewayObject.Listener;
import io.strait.ingress.api.HttpRouteObject;
import io.strait.ingress.api.HttpRouteObject.BackendRef;
import io.strait.ingress.api.HttpRouteObject.ParentRef;
import io.strait.ingress.api.HttpRouteObject.Rule;
import io.strait.ingress.api.Meta;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.route.Condition;
import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.testing.Outcomes;
import io.strait.ingress.testing.TestRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gateway API HTTPRouteListenerHostnameMatching and HTTPRouteHostnameIntersection: listeners on
 * one port are chosen by the most specific hostname, route hostnames intersect listener hostnames.
 */
class ListenerHostnameTest {
    static final GatewayObject GW = new GatewayObject(Meta.of(INFRA, "httproute-listener-hostname-matching"), "strait",
            List.of(new Listener("listener-1", "bar.com", 80, "HTTP", List.of(), "Same"),
                    new Listener("listener-2", "foo.bar.com", 80, "HTTP", List.of(), "Same"),
                    new Listener("listener-3", "*.bar.com", 80, "HTTP", List.of(), "Same"),
                    new Listener("listener-4", "*.foo.com", 80, "HTTP", List.of(), "Same")));

    static HttpRouteObject route(String name, String section, List<String> hostnames, String backend) {
        return new HttpRouteObject(Meta.of(INFRA, name), List.of(new ParentRef(null, GW.meta().name(), section, 0)),
                hostnames, List.of(new Rule(List.of(), List.of(), List.of(BackendRef.service(backend, 8080, null)))));
    }

    static RouteTable table(HttpRouteObject... routes) {
        return new RouteSink().update(new RouteObjects(List.of(CLASS), List.of(GW), List.of(routes), List.of(),
                List.of(), List.of(), List.of()), GatewayFixtures.cluster().state());
    }

    static final RouteTable LISTENERS = table(route("backend-v1", "listener-1", List.of(), "infra-backend-v1"),
            route("backend-v2", "listener-2", List.of(), "infra-backend-v2"),
            route("backend-v3", "listener-3", List.of(), "infra-backend-v3"),
            route("backend-v3b", "listener-4", List.of(), "infra-backend-v3"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "bar.com, infra-backend-v1",
        "foo.bar.com, infra-backend-v2",
        "baz.bar.com, infra-backend-v3",
        "boo.bar.com, infra-backend-v3",
        "multiple.prefixes.bar.com, infra-backend-v3",
        "multiple.prefixes.foo.com, infra-backend-v3",
        "foo.com, 404",
        "no.matching.host, 404",
    })
    void listenerByMostSpecificHostname(String host, String expected) {
        assertThat(Outcomes.of(LISTENERS, LISTENERS.gatewayPort(80), TestRequest.get(host, "/"))).isEqualTo(expected);
    }

    @Test
    void routeHostnamesIntersectListenerHostnames() {
        RouteTable t = table(route("wild", "listener-3", List.of("a.bar.com", "other.org"), "infra-backend-v1"),
                route("none", "listener-2", List.of("other.org"), "infra-backend-v2"));
        assertThat(Outcomes.of(t, t.gatewayPort(80), TestRequest.get("a.bar.com", "/"))).isEqualTo("infra-backend-v1");
        assertThat(Outcomes.of(t, t.gatewayPort(80), TestRequest.get("b.bar.com", "/"))).isEqualTo("404");
        assertThat(Outcomes.of(t, t.gatewayPort(80), TestRequest.get("other.org", "/"))).isEqualTo("404");
        assertThat(t.statusOf(new ObjectRef("HTTPRoute", INFRA, "none")).getFirst().condition(Condition.ACCEPTED))
                .extracting(Condition::status, Condition::reason).containsExactly(false, "NoMatchingListenerHostname");
        assertThat(t.statusOf(new ObjectRef("HTTPRoute", INFRA, "wild")).getFirst().condition(Condition.ACCEPTED).status())
                .isTrue();
    }

    @ParameterizedTest(name = "listener {0} ∩ route {1} = {2}")
    @CsvSource({
        ", foo.com, foo.com",
        "foo.com, , foo.com",
        "*.foo.com, a.b.foo.com, a.b.foo.com",
        "*.foo.com, foo.com, ",
        "a.foo.com, *.foo.com, a.foo.com",
        "*.foo.com, *.a.foo.com, *.a.foo.com",
        "*.a.foo.com, *.foo.com, *.a.foo.com",
        "bar.com, foo.com, ",
    })
    void intersection(String listener, String route, String expected) {
        assertThat(Hostnames.intersect(listener, route)).isEqualTo(expected == null && listener == null && route == null
                ? "" : expected);
    }

    @Test
    void aSecondProtocolOnOnePortIsConflicted() {
        GatewayObject first = new GatewayObject(new Meta(INFRA, "first", java.time.Instant.parse("2026-01-01T00:00:00Z"),
                java.util.Map.of()), "strait", List.of(new Listener("http", null, 8000, "HTTP", List.of(), "Same")));
        GatewayObject second = new GatewayObject(new Meta(INFRA, "second", java.time.Instant.parse("2026-02-01T00:00:00Z"),
                java.util.Map.of()), "strait", List.of(new Listener("tcp-ish", null, 8000, "HTTPS",
                List.of(new GatewayObject.SecretRef(null, "s")), "Same")));
        io.strait.ingress.api.TlsSecretObject secret = new io.strait.ingress.api.TlsSecretObject(Meta.of(INFRA, "s"),
                io.strait.ingress.api.TlsSecretObject.TLS_TYPE, new byte[] {1}, new byte[] {1});
        RouteTable t = new RouteSink().update(new RouteObjects(List.of(CLASS), List.of(second, first), List.of(), List.of(),
                List.of(), List.of(), List.of(secret)), GatewayFixtures.cluster().state());
        assertThat(t.statusOf(new ObjectRef("Gateway", INFRA, "second"))).filteredOn(s -> "tcp-ish".equals(s.section()))
                .singleElement().satisfies(s -> assertThat(s.condition("Conflicted").reason()).isEqualTo("ProtocolConflict"));
        assertThat(t.tls()).isEmpty();
        assertThat(t.gatewayPorts()).containsOnlyKeys(8000);
    }

    @Test
    void gatewayAndListenerConditions() {
        GatewayObject gw = new GatewayObject(Meta.of(INFRA, "gw"), "strait", List.of(
                new Listener("tcp", null, 9000, "TCP", List.of(), "Same"),
                new Listener("https", null, 443, "HTTPS", List.of(new GatewayObject.SecretRef(null, "missing")), "Same"),
                new Listener("http", null, 80, "HTTP", List.of(), "Same")));
        RouteTable t = new RouteSink().update(new RouteObjects(List.of(CLASS), List.of(gw), List.of(), List.of(),
                List.of(), List.of(), List.of()), GatewayFixtures.cluster().state());
        ObjectRef ref = new ObjectRef("Gateway", INFRA, "gw");
        assertThat(t.statusOf(ref)).filteredOn(s -> "tcp".equals(s.section())).singleElement()
                .satisfies(s -> assertThat(s.condition(Condition.ACCEPTED).reason()).isEqualTo("UnsupportedProtocol"));
        assertThat(t.statusOf(ref)).filteredOn(s -> "https".equals(s.section())).singleElement()
                .satisfies(s -> assertThat(s.condition(Condition.RESOLVED_REFS).reason()).isEqualTo("InvalidCertificateRef"));
        assertThat(t.statusOf(ref)).filteredOn(s -> s.section() == null).singleElement()
                .satisfies(s -> assertThat(s.condition(Condition.PROGRAMMED).status()).isTrue());
        assertThat(t.statusOf(new ObjectRef("GatewayClass", "", "strait")).getFirst().condition(Condition.ACCEPTED).status())
                .isTrue();
        assertThat(t.gatewayPorts()).containsOnlyKeys(80);
    }
}
