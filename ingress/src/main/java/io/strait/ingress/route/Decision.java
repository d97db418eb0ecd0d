package io.strait.ingress.route;

import java.util.function.IntUnaryOperator;

/**
 * What the router does with one request, decided from one table: forward to a Service port,
 * redirect, or answer with a status (404 no route, 500 an unusable backendRef or no weight, 503 no
 * ready endpoint). Pure: the server performs the decision, tests assert it.
 */
public sealed interface Decision {

    /** Forward to this target's balancer, with the rule's header edits. */
    record Forward(RouteRule rule, BackendTarget target, ResolvedBackend backend) implements Decision {}

    /** Answer {@code status} with {@code Location: location}. */
    record Redirect(RouteRule rule, int status, String location) implements Decision {}

    /** Answer {@code status} with a short text body; {@code rule} is null for 404. */
    record Status(RouteRule rule, int status, String reason) implements Decision {}

    /**
     * @param scheme  the scheme the request came in with (http or https)
     * @param port    the local port it came in on
     * @param random  bound → a uniform draw in [0, bound): the weighted choice of backendRefs
     */
    static Decision decide(RouteTable table, Router router, RequestView request, String scheme, int port,
                           IntUnaryOperator random) {
        RouteRule rule = router.route(request);
        if (rule == null) {
            return new Status(null, 404, "no route for host " + request.host() + " path " + request.path());
        }
        return switch (rule.action()) {
            case Action.Redirect r -> new Redirect(rule, r.statusCode(), location(r, request, scheme, port));
            case Action.Forward f -> forward(table, rule, f, random);
        };
    }

    private static Decision forward(RouteTable table, RouteRule rule, Action.Forward f, IntUnaryOperator random) {
        int total = f.totalWeight();
        if (total <= 0) {
            return new Status(rule, 500, "no backend with a weight above 0");
        }
        BackendTarget target = f.choose(random.applyAsInt(total));
        if (target.failure() != null) {
            return new Status(rule, 500, target.failure());
        }
        ResolvedBackend backend = table.backends().get(target.key());
        if (backend == null || backend.failure() != null) {
            return new Status(rule, 500, backend == null ? "backend " + target.key() + " unresolved" : backend.failure());
        }
        if (backend.balancer().endpoints().isEmpty()) {
            return new Status(rule, 503, "no ready endpoint for " + target.key());
        }
        return new Forward(rule, target, backend);
    }

    /** The redirect's Location, as the Gateway API derives scheme, host, port and path. */
    static String location(Action.Redirect r, RequestView request, String scheme, int port) {
        String outScheme = r.scheme() != null ? r.scheme() : scheme;
        String host = r.hostname() != null ? r.hostname() : request.host();
        int outPort = r.port() != 0 ? r.port() : r.scheme() != null ? 0 : port;
        boolean wellKnown = outPort == 0 || (outScheme.equals("http") && outPort == 80)
                || (outScheme.equals("https") && outPort == 443);
        String path = request.path();
        if (r.fullPath() != null) {
            path = r.fullPath();
        } else if (r.prefix() != null) {
            String rest = r.prefix().equals("/") ? path : path.substring(r.prefix().length());
            String repl = r.prefixReplacement();
            path = repl.endsWith("/") && rest.startsWith("/") ? repl + rest.substring(1) : repl + rest;
            if (path.isEmpty()) {
                path = "/";
            }
        }
        String query = request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery();
        return outScheme + "://" + host + (wellKnown ? "" : ":" + outPort) + path + query;
    }
}
