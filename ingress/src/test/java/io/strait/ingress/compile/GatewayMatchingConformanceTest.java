package io.strait.ingress.compile;

import static io.strait.ingress.compile.GatewayFixtures.INFRA;
import static io.strait.ingress.compile.GatewayFixtures.headers;
import static io.strait.ingress.compile.GatewayFixtures.objects;
import static io.strait.ingress.compile.GatewayFixtures.prefix;
import static io.strait.ingress.compile.GatewayFixtures.route;
import static io.strait.ingress.compile.GatewayFixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.strait.ingress.route.RouteTable;
import io.strait.ingress.testing.Outcomes;
import io.strait.ingress.testing.TestRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gateway API core conformance, HTTPRouteMatching, HTTPRouteHeaderMatching and
 * HTTPRouteMatchingAcrossRoutes, as data: request (host, path, headers) → backend or status.
 */
class GatewayMatchingConformanceTest {

    static RouteTable table(io.strait.ingress.api.HttpRouteObject... routes) {
        RouteTable t = new RouteSink().update(objects(routes), GatewayFixtures.cluster().state());
        assertThat(t.problems()).isEmpty();
        return t;
    }

    static final RouteTable MATCHING = table(route(INFRA, "matching", List.of(),
            rule(List.of(prefix("/"), headers("version", "one")), "infra-backend-v1"),
            rule(List.of(prefix("/v2"), headers("version", "two")), "infra-backend-v2")));

    @ParameterizedTest(name = "HTTPRouteMatching: {0} {1} -> {2}")
    @CsvSource({
        "/, '', infra-backend-v1",
        "/example, '', infra-backend-v1",
        "/, Version=one, infra-backend-v1",
        "/v2, '', infra-backend-v2",
        "/v2/example, '', infra-backend-v2",
        "/, Version=two, infra-backend-v2",
        "/v2/, '', infra-backend-v2",
        "/v2example, '', infra-backend-v1",
        "/foo/v2/example, '', infra-backend-v1",
    })
    void matching(String path, String headers, String expected) {
        assertThat(Outcomes.of(MATCHING, MATCHING.gatewayPort(80), request("", path, headers))).isEqualTo(expected);
    }

    static final RouteTable HEADER_MATCHING = table(route(INFRA, "header-matching", List.of(),
            rule(List.of(headers("version", "one")), "infra-backend-v1"),
            rule(List.of(headers("version", "two")), "infra-backend-v2"),
            rule(List.of(headers("version", "two", "color", "orange")), "infra-backend-v1"),
            rule(List.of(headers("color", "blue"), headers("color", "green")), "infra-backend-v1"),
            rule(List.of(headers("color", "red"), headers("color", "yellow")), "infra-backend-v2")));

    @ParameterizedTest(name = "HTTPRouteHeaderMatching: {0} -> {1}")
    @CsvSource({
        "Version=one, infra-backend-v1",
        "Version=two, infra-backend-v2",
        "Version=two;Color=orange, infra-backend-v1",
        "Version=two;Color=blue, infra-backend-v2",
        "Color=orange, 404",
        "Some-Other-Header=one, 404",
        "Color=blue, infra-backend-v1",
        "Color=green, infra-backend-v1",
        "Color=red, infra-backend-v2",
        "Color=yellow, infra-backend-v2",
        "Color=purple, 404",
    })
    void headerMatching(String headers, String expected) {
        assertThat(Outcomes.of(HEADER_MATCHING, HEADER_MATCHING.gatewayPort(80), request("", "/", headers)))
                .isEqualTo(expected);
    }

    static final RouteTable ACROSS_ROUTES = table(
            route(INFRA, "matching-part1", List.of("example.com", "example.net"),
                    rule(List.of(prefix("/"), headers("version", "one")), "infra-backend-v1")),
            route(INFRA, "matching-part2", List.of("example.com"),
                    rule(List.of(prefix("/v2"), headers("version", "two")), "infra-backend-v2")));

    @ParameterizedTest(name = "HTTPRouteMatchingAcrossRoutes: {0}{1} {2} -> {3}")
    @CsvSource({
        "example.com, /, '', infra-backend-v1",
        "example.com, /example, '', infra-backend-v1",
        "example.net, /example, '', infra-backend-v1",
        "example.com, /example, Version=one, infra-backend-v1",
        "example.com, /v2, '', infra-backend-v2",
        "example.net, /v2, '', infra-backend-v1",
        "example.com, /v2/example, '', infra-backend-v2",
        "example.com, /, Version=two, infra-backend-v2",
        "example.org, /, '', 404",
    })
    void acrossRoutes(String host, String path, String headers, String expected) {
        assertThat(Outcomes.of(ACROSS_ROUTES, ACROSS_ROUTES.gatewayPort(80), request(host, path, headers)))
                .isEqualTo(expected);
    }

    /** Headers as "A=1;B=2". */
    static TestRequest request(String host, String path, String headers) {
        TestRequest r = TestRequest.get(host, path);
        for (String kv : headers.split(";")) {
            if (!kv.isEmpty()) {
                String[] p = kv.split("=", 2);
                r = r.headers(p[0], p[1]);
            }
        }
        return r;
    }
}
