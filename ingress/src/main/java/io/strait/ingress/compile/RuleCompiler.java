package io.strait.ingress.compile;

import io.strait.ingress.api.HttpRouteObject;
import io.strait.ingress.route.Action;
import io.strait.ingress.route.BackendTarget;
import io.strait.ingress.route.HeaderEdits;
import io.strait.ingress.route.HostPattern;
import io.strait.ingress.route.PathMatch;
import io.strait.ingress.route.RouteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules of a valid HTTPRoute for one hostname: one {@link RouteRule} per match (a rule without
 * matches matches PathPrefix "/"). A RequestRedirect filter makes the rule answer with a redirect;
 * otherwise it forwards to its weighted backends after its RequestHeaderModifier. Stateless.
 */
final class RuleCompiler {
    private RuleCompiler() {}

    static List<RouteRule> rules(HttpRouteObject route, HostPattern host, List<List<BackendTarget>> targets) {
        List<RouteRule> out = new ArrayList<>();
        for (int i = 0; i < route.rules().size(); i++) {
            HttpRouteObject.Rule rule = route.rules().get(i);
            List<HttpRouteObject.Match> matches = rule.matches().isEmpty()
                    ? List.of(new HttpRouteObject.Match(null, null, null, null, null)) : rule.matches();
            for (int j = 0; j < matches.size(); j++) {
                HttpRouteObject.Match m = matches.get(j);
                PathMatch path = path(m);
                out.add(new RouteRule(HttpRouteValidator.ref(route), host, path, m.method(),
                        entries(m.headers()), entries(m.queryParams()), action(rule, path, targets.get(i)),
                        false, route.meta().created(), i, j));
            }
        }
        return out;
    }

    private static PathMatch path(HttpRouteObject.Match m) {
        String value = m.pathValue() == null ? "/" : m.pathValue();
        return "Exact".equals(m.pathType()) ? PathMatch.exact(value) : PathMatch.prefix(value);
    }

    private static List<Map.Entry<String, String>> entries(List<HttpRouteObject.ValueMatch> list) {
        return list.stream().map(v -> Map.entry(v.name(), v.value())).toList();
    }

    private static Action action(HttpRouteObject.Rule rule, PathMatch path, List<BackendTarget> targets) {
        HeaderEdits edits = HeaderEdits.NONE;
        for (HttpRouteObject.Filter f : rule.filters()) {
            if ("RequestRedirect".equals(f.type())) {
                HttpRouteObject.Redirect r = f.requestRedirect();
                boolean full = "ReplaceFullPath".equals(r.pathType());
                boolean prefix = "ReplacePrefixMatch".equals(r.pathType());
                return new Action.Redirect(r.scheme(), r.hostname(), r.port(),
                        r.statusCode() == 0 ? 302 : r.statusCode(), full ? r.pathValue() : null,
                        prefix ? path.path() : null, prefix ? r.pathValue() : null);
            }
            if ("RequestHeaderModifier".equals(f.type())) {
                HttpRouteObject.HeaderModifier h = f.requestHeaderModifier();
                edits = new HeaderEdits(
                        h.set().stream().map(v -> Map.entry(v.name(), v.value())).toList(),
                        h.add().stream().map(v -> Map.entry(v.name(), v.value())).toList(), h.remove());
            }
        }
        return new Action.Forward(targets, edits);
    }
}
