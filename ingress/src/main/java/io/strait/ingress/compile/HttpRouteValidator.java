package io.strait.ingress.compile;

import io.strait.ingress.api.HttpRouteObject;
import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Structural checks of an HTTPRoute, each problem naming its field. What Strait implements of the
 * core profile: path Exact/PathPrefix, Exact header and query matches, method, the
 * RequestHeaderModifier and RequestRedirect filters. RegularExpression matches and other filters
 * are reported (the spec's {@code UnsupportedValue}). Stateless.
 */
public final class HttpRouteValidator {
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private HttpRouteValidator() {}

    public static ObjectRef ref(HttpRouteObject route) {
        return new ObjectRef("HTTPRoute", route.meta().namespace(), route.meta().name());
    }

    /** The problems of this route; empty when valid. */
    public static List<Problem> validate(HttpRouteObject route) {
        ObjectRef ref = ref(route);
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < route.hostnames().size(); i++) {
            Hostnames.checkHost(ref, "spec.hostnames[" + i + "]", route.hostnames().get(i), out);
        }
        for (int i = 0; i < route.rules().size(); i++) {
            HttpRouteObject.Rule rule = route.rules().get(i);
            String rf = "spec.rules[" + i + "]";
            for (int j = 0; j < rule.matches().size(); j++) {
                checkMatch(ref, rf + ".matches[" + j + "]", rule.matches().get(j), out);
            }
            for (int j = 0; j < rule.filters().size(); j++) {
                checkFilter(ref, rf + ".filters[" + j + "]", rule.filters().get(j), out);
            }
            for (int j = 0; j < rule.backendRefs().size(); j++) {
                HttpRouteObject.BackendRef b = rule.backendRefs().get(j);
                String bf = rf + ".backendRefs[" + j + "]";
                if (b.name() == null || b.name().isEmpty()) {
                    out.add(new Problem(ref, bf + ".name", "is required"));
                }
                if (b.weight() != null && (b.weight() < 0 || b.weight() > 1_000_000)) {
                    out.add(new Problem(ref, bf + ".weight", "must be in 0..1000000, got " + b.weight()));
                }
                boolean service = (b.kind() == null || b.kind().equals("Service"))
                        && (b.group() == null || b.group().isEmpty());
                if (service && (b.port() < 1 || b.port() > 65535)) {
                    out.add(new Problem(ref, bf + ".port", "is required for a Service (1..65535), got " + b.port()));
                }
            }
        }
        return out;
    }

    private static void checkMatch(ObjectRef ref, String field, HttpRouteObject.Match m, List<Problem> out) {
        String type = m.pathType() == null ? "PathPrefix" : m.pathType();
        if (!type.equals("Exact") && !type.equals("PathPrefix")) {
            out.add(new Problem(ref, field + ".path.type", "must be Exact or PathPrefix (RegularExpression is"
                    + " not supported), got " + type));
        }
        if (m.pathValue() != null && !m.pathValue().startsWith("/")) {
            out.add(new Problem(ref, field + ".path.value", "must start with /, got " + m.pathValue()));
        }
        if (m.method() != null && !METHODS.contains(m.method())) {
            out.add(new Problem(ref, field + ".method", "must be an HTTP method, got " + m.method()));
        }
        checkValues(ref, field + ".headers", m.headers(), out);
        checkValues(ref, field + ".queryParams", m.queryParams(), out);
    }

    private static void checkValues(ObjectRef ref, String field, List<HttpRouteObject.ValueMatch> list,
                                    List<Problem> out) {
        for (int k = 0; k < list.size(); k++) {
            HttpRouteObject.ValueMatch v = list.get(k);
            if (v.type() != null && !v.type().equals("Exact")) {
                out.add(new Problem(ref, field + "[" + k + "].type", "only Exact is supported, got " + v.type()));
            }
            if (v.name() == null || v.name().isEmpty() || v.value() == null) {
                out.add(new Problem(ref, field + "[" + k + "]", "needs a name and a value"));
            }
        }
    }

    private static void checkFilter(ObjectRef ref, String field, HttpRouteObject.Filter f, List<Problem> out) {
        switch (f.type() == null ? "" : f.type()) {
            case "RequestHeaderModifier" -> {
                if (f.requestHeaderModifier() == null) {
                    out.add(new Problem(ref, field + ".requestHeaderModifier", "is required for this type"));
                }
            }
            case "RequestRedirect" -> {
                HttpRouteObject.Redirect r = f.requestRedirect();
                if (r == null) {
                    out.add(new Problem(ref, field + ".requestRedirect", "is required for this type"));
                    return;
                }
                if (r.statusCode() != 0 && r.statusCode() != 301 && r.statusCode() != 302) {
                    out.add(new Problem(ref, field + ".requestRedirect.statusCode", "must be 301 or 302, got "
                            + r.statusCode()));
                }
                if (r.scheme() != null && !r.scheme().equals("http") && !r.scheme().equals("https")) {
                    out.add(new Problem(ref, field + ".requestRedirect.scheme", "must be http or https, got " + r.scheme()));
                }
                if (r.pathType() != null && !r.pathType().equals("ReplaceFullPath")
                        && !r.pathType().equals("ReplacePrefixMatch")) {
                    out.add(new Problem(ref, field + ".requestRedirect.path.type",
                            "must be ReplaceFullPath or ReplacePrefixMatch, got " + r.pathType()));
                }
            }
            default -> out.add(new Problem(ref, field + ".type", "only RequestHeaderModifier and RequestRedirect are"
                    + " supported, got " + f.type()));
        }
    }
}
