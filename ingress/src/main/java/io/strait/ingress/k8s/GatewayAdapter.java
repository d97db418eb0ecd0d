package io.strait.ingress.k8s;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.strait.ingress.api.GatewayObject;
import io.strait.ingress.api.HttpRouteObject;
import io.strait.ingress.api.ReferenceGrantObject;
import java.util.List;
import java.util.function.Function;

/** Gateway API v1 fabric8 objects to route records. Stateless. */
final class GatewayAdapter {
    private GatewayAdapter() {}

    private static <A, B> List<B> map(List<A> list, Function<A, B> f) {
        return list == null ? List.of() : list.stream().map(f).toList();
    }

    private static int intOr0(Integer i) {
        return i == null ? 0 : i;
    }

    static GatewayObject gateway(Gateway g) {
        var spec = g.getSpec();
        return new GatewayObject(RouteObjectsAdapter.meta(g.getMetadata()), spec == null ? null : spec.getGatewayClassName(),
                spec == null ? List.of() : map(spec.getListeners(), GatewayAdapter::listener));
    }

    private static GatewayObject.Listener listener(Listener l) {
        List<GatewayObject.SecretRef> certs = l.getTls() == null ? List.of()
                : map(l.getTls().getCertificateRefs(), c -> new GatewayObject.SecretRef(c.getNamespace(), c.getName()));
        String from = l.getAllowedRoutes() == null || l.getAllowedRoutes().getNamespaces() == null ? null
                : l.getAllowedRoutes().getNamespaces().getFrom();
        return new GatewayObject.Listener(l.getName(), l.getHostname(), intOr0(l.getPort()), l.getProtocol(), certs, from);
    }

    static HttpRouteObject route(HTTPRoute r) {
        var spec = r.getSpec();
        if (spec == null) {
            return new HttpRouteObject(RouteObjectsAdapter.meta(r.getMetadata()), List.of(), List.of(), List.of());
        }
        return new HttpRouteObject(RouteObjectsAdapter.meta(r.getMetadata()),
                map(spec.getParentRefs(), p -> new HttpRouteObject.ParentRef(p.getNamespace(), p.getName(),
                        p.getSectionName(), intOr0(p.getPort()))),
                spec.getHostnames(), map(spec.getRules(), GatewayAdapter::rule));
    }

    private static HttpRouteObject.Rule rule(HTTPRouteRule r) {
        return new HttpRouteObject.Rule(map(r.getMatches(), GatewayAdapter::match), map(r.getFilters(), GatewayAdapter::filter),
                map(r.getBackendRefs(), b -> new HttpRouteObject.BackendRef(b.getGroup(), b.getKind(), b.getNamespace(),
                        b.getName(), intOr0(b.getPort()), b.getWeight())));
    }

    private static HttpRouteObject.Match match(HTTPRouteMatch m) {
        return new HttpRouteObject.Match(m.getPath() == null ? null : m.getPath().getType(),
                m.getPath() == null ? null : m.getPath().getValue(),
                map(m.getHeaders(), h -> new HttpRouteObject.ValueMatch(h.getType(), h.getName(), h.getValue())),
                map(m.getQueryParams(), q -> new HttpRouteObject.ValueMatch(q.getType(), q.getName(), q.getValue())),
                m.getMethod());
    }

    private static HttpRouteObject.Filter filter(HTTPRouteFilter f) {
        HttpRouteObject.Redirect redirect = null;
        var r = f.getRequestRedirect();
        if (r != null) {
            var path = r.getPath();
            String value = path == null ? null
                    : "ReplaceFullPath".equals(path.getType()) ? path.getReplaceFullPath() : path.getReplacePrefixMatch();
            redirect = new HttpRouteObject.Redirect(r.getScheme(), r.getHostname(), intOr0(r.getPort()),
                    intOr0(r.getStatusCode()), path == null ? null : path.getType(), value);
        }
        return new HttpRouteObject.Filter(f.getType(), headers(f.getRequestHeaderModifier()), redirect);
    }

    private static HttpRouteObject.HeaderModifier headers(HTTPHeaderFilter h) {
        if (h == null) {
            return null;
        }
        return new HttpRouteObject.HeaderModifier(map(h.getSet(), x -> new HttpRouteObject.NameValue(x.getName(), x.getValue())),
                map(h.getAdd(), x -> new HttpRouteObject.NameValue(x.getName(), x.getValue())), h.getRemove());
    }

    static ReferenceGrantObject grant(ReferenceGrant g) {
        var spec = g.getSpec();
        return new ReferenceGrantObject(RouteObjectsAdapter.meta(g.getMetadata()),
                spec == null ? List.of() : map(spec.getFrom(), f -> new ReferenceGrantObject.From(f.getGroup(), f.getKind(),
                        f.getNamespace())),
                spec == null ? List.of() : map(spec.getTo(), t -> new ReferenceGrantObject.To(t.getGroup(), t.getKind(),
                        t.getName())));
    }
}
