package io.strait.ingress.compile;

import static io.strait.ingress.compile.GatewayFixtures.BACKEND_NAMESPACES;
import static io.strait.ingress.compile.GatewayFixtures.INFRA;
import static io.strait.ingress.compile.GatewayFixtures.SAME_NAMESPACE;
import static io.strait.ingress.compile.GatewayFixtures.WEB;
import static io.strait.ingress.compile.GatewayFixtures.objects;
import static io.strait.ingress.compile.GatewayFixtures.prefix;
import static io.strait.ingress.compile.GatewayFixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.strait.ingress.api.HttpRouteObject;
import io.strait.ingress.api.HttpRouteObject.BackendRef;
import io.strait.ingress.api.HttpRouteObject.Filter;
import io.strait.ingress.api.HttpRouteObject.HeaderModifier;
import io.strait.ingress.api.HttpRouteObject.NameValue;
import io.strait.ingress.api.HttpRouteObject.ParentRef;
import io.strait.ingress.api.HttpRouteObject.Redirect;
import io.strait.ingress.api.HttpRouteObject.Rule;
import io.strait.ingress.api.Meta;
import io.strait.ingress.api.ReferenceGrantObject;
import io.strait.ingress.route.Action;
import io.strait.ingress.route.Condition;
import io.strait.ingress.route.HeaderEdits;
import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.RouteStatus;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.testing.Outcomes;
import io.strait.ingress.testing.TestRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gateway API core conformance: HTTPRouteWeight, HTTPRouteRedirectHostAndStatus (and scheme/port
 * derivation), HTTPRouteRequestHeaderModifier (the compiled edits; their effect on the wire is in
 * RouterIT), HTTPRouteCrossNamespace, HTTPRouteReferenceGrant and HTTPRouteInvalidCrossNamespaceBackendRef.
 */
class GatewayFiltersConformanceTest {

    static RouteTable table(HttpRouteObject... routes) {
        return new RouteSink().update(objects(routes), GatewayFixtures.cluster().state());
    }

    @Test
    void weightsSplitExactlyOverTheDraws() {
        RouteTable t = table(route(INFRA, "weighted-backends", List.of(), new Rule(List.of(), List.of(), List.of(
                BackendRef.service("infra-backend-v1", 8080, 70), BackendRef.service("infra-backend-v2", 8080, 30),
                BackendRef.service("infra-backend-v3", 8080, 0)))));
        Map<String, Integer> counts = new TreeMap<>();
        for (int draw = 0; draw < 100; draw++) {
            counts.merge(Outcomes.of(t, t.gatewayPort(80), TestRequest.get("", "/"), draw), 1, Integer::sum);
        }
        assertThat(counts).containsExactly(Map.entry("infra-backend-v1", 70), Map.entry("infra-backend-v2", 30));
    }

    @Test
    void allWeightsZeroIs500() {
        RouteTable t = table(route(INFRA, "zero", List.of(), new Rule(List.of(), List.of(),
                List.of(BackendRef.service("infra-backend-v1", 8080, 0)))));
        assertThat(Outcomes.of(t, t.gatewayPort(80), TestRequest.get("", "/"))).isEqualTo("500");
    }

    static Rule redirect(String path, String scheme, String host, int port, int status) {
        return new Rule(List.of(prefix(path)), List.of(new Filter("RequestRedirect", null,
                new Redirect(scheme, host, port, status, null, null))), List.of());
    }

    @ParameterizedTest(name = "redirect {0} -> {1}")
    @CsvSource({
        "/hostname-redirect, 302 http://example.org/hostname-redirect",
        "/host-and-status, 301 http://example.org/host-and-status",
        "/scheme, 302 https://example.com/scheme",
        "/port, 302 http://example.com:8083/port",
        "/scheme-and-port, 301 https://example.com:8443/scheme-and-port",
    })
    void redirects(String path, String expected) {
        RouteTable t = table(route(INFRA, "redirects", List.of(),
                redirect("/hostname-redirect", null, "example.org", 0, 0),
                redirect("/host-and-status", null, "example.org", 0, 301),
                redirect("/scheme-and-port", "https", null, 8443, 301),
                redirect("/scheme", "https", null, 0, 0),
                redirect("/port", null, null, 8083, 0)));
        assertThat(Outcomes.of(t, t.gatewayPort(80), TestRequest.get("example.com", path))).isEqualTo(expected);
    }

    @Test
    void headerModifierCompilesSetAddRemove() {
        Filter f = new Filter("RequestHeaderModifier", new HeaderModifier(List.of(new NameValue("X-Header-Set", "s")),
                List.of(new NameValue("X-Header-Add", "a")), List.of("X-Header-Remove")), null);
        RouteTable t = table(route(INFRA, "request-header-modifier", List.of(),
                new Rule(List.of(prefix("/set")), List.of(f), List.of(BackendRef.service("infra-backend-v1", 8080, null)))));
        Action.Forward a = (Action.Forward) t.gatewayPort(80).route(TestRequest.get("", "/set")).action();
        assertThat(a.headerEdits()).isEqualTo(new HeaderEdits(List.of(Map.entry("X-Header-Set", "s")),
                List.of(Map.entry("X-Header-Add", "a")), List.of("X-Header-Remove")));
    }

    static HttpRouteObject crossNamespaceRef() {
        return new HttpRouteObject(Meta.of(INFRA, "reference-grant"), List.of(ParentRef.gateway("same-namespace")),
                List.of(), List.of(new Rule(List.of(), List.of(),
                        List.of(new BackendRef("", "Service", WEB, "web-backend", 8080, null)))));
    }

    static final ObjectRef ROUTE = new ObjectRef("HTTPRoute", INFRA, "reference-grant");

    @Test
    void crossNamespaceBackendWithoutGrantIsRefNotPermittedAnd500() {
        RouteTable t = table(crossNamespaceRef());
        assertThat(Outcomes.of(t, t.gatewayPort(80), TestRequest.get("", "/"))).isEqualTo("500");
        RouteStatus s = t.statusOf(ROUTE).getFirst();
        assertThat(s.condition(Condition.ACCEPTED).status()).isTrue();
        assertThat(s.condition(Condition.RESOLVED_REFS)).extracting(Condition::status, Condition::reason)
                .containsExactly(false, "RefNotPermitted");
    }

    @Test
    void crossNamespaceBackendWithGrantIsServed() {
        ReferenceGrantObject grant = new ReferenceGrantObject(Meta.of(WEB, "reference-grant"),
                List.of(new ReferenceGrantObject.From("gateway.networking.k8s.io", "HTTPRoute", INFRA)),
                List.of(new ReferenceGrantObject.To("", "Service", "web-backend")));
        RouteTable t = new RouteSink().update(objects(List.of(SAME_NAMESPACE), List.of(grant), crossNamespaceRef()),
                GatewayFixtures.cluster().state());
        assertThat(Outcomes.of(t, t.gatewayPort(80), TestRequest.get("", "/"))).isEqualTo("web-backend");
        assertThat(t.statusOf(ROUTE).getFirst().condition(Condition.RESOLVED_REFS).status()).isTrue();
    }

    @Test
    void grantForAnotherServiceOrNamespaceDoesNotCount() {
        ReferenceGrantObject wrongName = new ReferenceGrantObject(Meta.of(WEB, "g1"),
                List.of(new ReferenceGrantObject.From("gateway.networking.k8s.io", "HTTPRoute", INFRA)),
                List.of(new ReferenceGrantObject.To("", "Service", "other")));
        ReferenceGrantObject wrongFrom = new ReferenceGrantObject(Meta.of(WEB, "g2"),
                List.of(new ReferenceGrantObject.From("gateway.networking.k8s.io", "HTTPRoute", "elsewhere")),
                List.of(new ReferenceGrantObject.To("", "Service", null)));
        RouteTable t = new RouteSink().update(objects(List.of(SAME_NAMESPACE), List.of(wrongName, wrongFrom),
                crossNamespaceRef()), GatewayFixtures.cluster().state());
        assertThat(Outcomes.of(t, t.gatewayPort(80), TestRequest.get("", "/"))).isEqualTo("500");
    }

    @Test
    void routeInBackendNamespaceAttachesToListenerAllowingAll() {
        HttpRouteObject r = new HttpRouteObject(Meta.of(WEB, "cross-namespace"),
                List.of(new ParentRef(INFRA, "backend-namespaces", null, 0)), List.of(),
                List.of(new Rule(List.of(), List.of(), List.of(BackendRef.service("web-backend", 8080, null)))));
        RouteTable t = table(r);
        assertThat(Outcomes.of(t, t.gatewayPort(81), TestRequest.get("", "/"))).isEqualTo("web-backend");
        HttpRouteObject same = new HttpRouteObject(Meta.of(WEB, "not-allowed"),
                List.of(new ParentRef(INFRA, "same-namespace", null, 0)), List.of(), r.rules());
        RouteTable t2 = table(same);
        assertThat(Outcomes.of(t2, t2.gatewayPort(80), TestRequest.get("", "/"))).isEqualTo("404");
        assertThat(t2.statusOf(new ObjectRef("HTTPRoute", WEB, "not-allowed")).getFirst().condition(Condition.ACCEPTED))
                .extracting(Condition::status, Condition::reason).containsExactly(false, "NotAllowedByListeners");
    }

    @Test
    void missingServiceIsBackendNotFound() {
        RouteTable t = table(route(INFRA, "missing", List.of(), new Rule(List.of(), List.of(),
                List.of(BackendRef.service("nope", 8080, null)))));
        assertThat(Outcomes.of(t, t.gatewayPort(80), TestRequest.get("", "/"))).isEqualTo("500");
        assertThat(t.statusOf(new ObjectRef("HTTPRoute", INFRA, "missing")).getFirst().condition(Condition.RESOLVED_REFS))
                .extracting(Condition::status, Condition::reason).containsExactly(false, "BackendNotFound");
    }
}
