package io.strait.ingress.testing;

import io.strait.ingress.route.Decision;
import io.strait.ingress.route.RequestView;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.route.Router;

/** A decision in one word, for data tables: the Service name, "404", "500", "503" or "302 <location>". */
public final class Outcomes {
    private Outcomes() {}

    public static String of(RouteTable table, Router router, RequestView request) {
        return of(table, router, request, 0);
    }

    public static String of(RouteTable table, Router router, RequestView request, int draw) {
        return switch (Decision.decide(table, router, request, "http", 80, bound -> draw % bound)) {
            case Decision.Forward f -> f.target().service().name();
            case Decision.Redirect r -> r.status() + " " + r.location();
            case Decision.Status s -> Integer.toString(s.status());
        };
    }
}
