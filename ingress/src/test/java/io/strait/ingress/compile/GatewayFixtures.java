package io.strait.ingress.compile;

import io.strait.ingress.api.GatewayClassObject;
import io.strait.ingress.api.GatewayObject;
import io.strait.ingress.api.HttpRouteObject;
import io.strait.ingress.api.HttpRouteObject.BackendRef;
import io.strait.ingress.api.HttpRouteObject.Match;
import io.strait.ingress.api.HttpRouteObject.ParentRef;
import io.strait.ingress.api.HttpRouteObject.Rule;
import io.strait.ingress.api.HttpRouteObject.ValueMatch;
import io.strait.ingress.api.Meta;
import io.strait.ingress.api.ReferenceGrantObject;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.testing.TestCluster;
import java.util.ArrayList;
import java.util.List;

/** The Gateway API conformance infrastructure: gateway-conformance-infra with Gateway same-namespace. */
final class GatewayFixtures {
    static final String INFRA = "gateway-conformance-infra";
    static final String WEB = "gateway-conformance-web-backend";
    static final GatewayClassObject CLASS = new GatewayClassObject("strait", GatewayCompiler.CONTROLLER);
    static final GatewayObject SAME_NAMESPACE = new GatewayObject(Meta.of(INFRA, "same-namespace"), "strait",
            List.of(new GatewayObject.Listener("http", null, 80, "HTTP", List.of(), "Same")));
    static final GatewayObject BACKEND_NAMESPACES = new GatewayObject(Meta.of(INFRA, "backend-namespaces"), "strait",
            List.of(new GatewayObject.Listener("http", null, 81, "HTTP", List.of(), "All")));

    private GatewayFixtures() {}

    static TestCluster cluster() {
        TestCluster c = TestCluster.named(INFRA, "infra-backend-v1", "infra-backend-v2", "infra-backend-v3");
        c.service(WEB, "web-backend", 8080, "http", new java.net.InetSocketAddress("10.0.2.1", 3000));
        return c;
    }

    static RouteObjects objects(List<GatewayObject> gateways, List<ReferenceGrantObject> grants, HttpRouteObject... routes) {
        return new RouteObjects(List.of(CLASS), gateways, List.of(routes), grants, List.of(), List.of(), List.of());
    }

    static RouteObjects objects(HttpRouteObject... routes) {
        return objects(List.of(SAME_NAMESPACE, BACKEND_NAMESPACES), List.of(), routes);
    }

    static HttpRouteObject route(String ns, String name, List<String> hostnames, Rule... rules) {
        return new HttpRouteObject(Meta.of(ns, name), List.of(ParentRef.gateway("same-namespace")), hostnames, List.of(rules));
    }

    static Rule rule(List<Match> matches, String... backends) {
        List<BackendRef> refs = new ArrayList<>();
        for (String b : backends) {
            refs.add(BackendRef.service(b, 8080, null));
        }
        return new Rule(matches, List.of(), refs);
    }

    static Match prefix(String path) {
        return new Match("PathPrefix", path, List.of(), List.of(), null);
    }

    static Match exact(String path) {
        return new Match("Exact", path, List.of(), List.of(), null);
    }

    /** Header matches as name, value, name, value... */
    static Match headers(String... nv) {
        List<ValueMatch> list = new ArrayList<>();
        for (int i = 0; i < nv.length; i += 2) {
            list.add(ValueMatch.exact(nv[i], nv[i + 1]));
        }
        return new Match(null, null, list, List.of(), null);
    }
}
