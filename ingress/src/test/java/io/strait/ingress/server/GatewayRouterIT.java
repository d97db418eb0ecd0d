package io.strait.ingress.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.strait.ingress.api.GatewayClassObject;
import io.strait.ingress.api.GatewayObject;
import io.strait.ingress.api.HttpRouteObject;
import io.strait.ingress.api.HttpRouteObject.BackendRef;
import io.strait.ingress.api.HttpRouteObject.Filter;
import io.strait.ingress.api.HttpRouteObject.HeaderModifier;
import io.strait.ingress.api.HttpRouteObject.Match;
import io.strait.ingress.api.HttpRouteObject.NameValue;
import io.strait.ingress.api.HttpRouteObject.ParentRef;
import io.strait.ingress.api.HttpRouteObject.Redirect;
import io.strait.ingress.api.HttpRouteObject.Rule;
import io.strait.ingress.api.Meta;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.compile.GatewayCompiler;
import io.strait.ingress.compile.RouteSink;
import io.strait.ingress.route.RouteTable;
import io.strait.ingress.testing.EchoBackend;
import io.strait.ingress.testing.RawClient;
import io.strait.ingress.testing.TestCluster;
import io.strait.proxy.dataplane.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gateway API on the wire: HTTPRouteRequestHeaderModifier's cases as the backend sees them, a
 * redirect's Location, and routes swapped continuously under load with no failed request.
 */
class GatewayRouterIT {
    static final Transport TRANSPORT = Transport.best();
    static final String NS = "gateway-conformance-infra";
    static final int LISTENER_PORT = 80;
    EventLoopGroup group;
    EchoBackend v1;
    EchoBackend v2;
    RouteSink sink;
    IngressServer server;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, TRANSPORT.ioHandlerFactory());
        v1 = new EchoBackend("infra-backend-v1", group, TRANSPORT, false);
        v2 = new EchoBackend("infra-backend-v2", group, TRANSPORT, false);
        sink = new RouteSink();
        server = IngressServer.startHttp(new InetSocketAddress("127.0.0.1", 0), RouterConfig.DEFAULTS, group, TRANSPORT,
                sink::table, t -> t.gatewayPort(LISTENER_PORT));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        v1.close();
        v2.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    RouteTable publish(HttpRouteObject... routes) {
        GatewayObject gw = new GatewayObject(Meta.of(NS, "same-namespace"), "strait",
                List.of(new GatewayObject.Listener("http", null, LISTENER_PORT, "HTTP", List.of(), "Same")));
        TestCluster cluster = new TestCluster().service(NS, "infra-backend-v1", 8080, "http", v1.address())
                .service(NS, "infra-backend-v2", 8080, "http", v2.address());
        RouteTable t = sink.update(new RouteObjects(List.of(new GatewayClassObject("strait", GatewayCompiler.CONTROLLER)),
                List.of(gw), List.of(routes), List.of(), List.of(), List.of(), List.of()), cluster.state());
        assertThat(t.problems()).isEmpty();
        return t;
    }

    static HttpRouteObject route(String name, Rule... rules) {
        return new HttpRouteObject(Meta.of(NS, name), List.of(ParentRef.gateway("same-namespace")), List.of(), List.of(rules));
    }

    static Rule modifier(String path, List<NameValue> set, List<NameValue> add, List<String> remove) {
        return new Rule(List.of(new Match("PathPrefix", path, List.of(), List.of(), null)),
                List.of(new Filter("RequestHeaderModifier", new HeaderModifier(set, add, remove), null)),
                List.of(BackendRef.service("infra-backend-v1", 8080, null)));
    }

    static NameValue nv(String n, String v) {
        return new NameValue(n, v);
    }

    @Test
    void requestHeaderModifierCases() throws Exception {
        publish(route("request-header-modifier",
                modifier("/set", List.of(nv("X-Header-Set", "set-overwrites-values")), List.of(), List.of()),
                modifier("/add", List.of(), List.of(nv("X-Header-Add", "add-appends-values")), List.of()),
                modifier("/remove", List.of(), List.of(), List.of("X-Header-Remove")),
                modifier("/multiple", List.of(nv("X-Header-Set-1", "header-set-1"), nv("X-Header-Set-2", "header-set-2")),
                        List.of(nv("X-Header-Add-1", "header-add-1"), nv("X-Header-Add-2", "header-add-2"),
                                nv("X-Header-Add-3", "header-add-3")),
                        List.of("X-Header-Remove-1", "X-Header-Remove-2")),
                modifier("/case-insensitivity", List.of(nv("X-Header-Set", "header-set")),
                        List.of(nv("X-Header-Add", "header-add")), List.of("X-Header-Remove"))));
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.get("h", "/set", "Some-Other-Header: val");
            assertThat(r.echoed("some-other-header")).isEqualTo("val");
            assertThat(r.echoed("x-header-set")).isEqualTo("set-overwrites-values");
            r = c.get("h", "/set", "Some-Other-Header: val", "X-Header-Set: some-other-value");
            assertThat(r.echoed("x-header-set")).isEqualTo("set-overwrites-values");
            r = c.get("h", "/add", "Some-Other-Header: val");
            assertThat(r.echoed("x-header-add")).isEqualTo("add-appends-values");
            r = c.get("h", "/add", "X-Header-Add: some-other-value");
            assertThat(r.echoed("x-header-add")).isEqualTo("some-other-value,add-appends-values");
            r = c.get("h", "/remove", "X-Header-Remove: val");
            assertThat(r.echoed("x-header-remove")).isNull();
            r = c.get("h", "/multiple", "X-Header-Set-2: set-val-2", "X-Header-Add-2: add-val-2",
                    "X-Header-Remove-2: remove-val-2", "Another-Header: another-header-val");
            assertThat(r.echoed("x-header-set-1")).isEqualTo("header-set-1");
            assertThat(r.echoed("x-header-set-2")).isEqualTo("header-set-2");
            assertThat(r.echoed("x-header-add-1")).isEqualTo("header-add-1");
            assertThat(r.echoed("x-header-add-2")).isEqualTo("add-val-2,header-add-2");
            assertThat(r.echoed("x-header-add-3")).isEqualTo("header-add-3");
            assertThat(r.echoed("another-header")).isEqualTo("another-header-val");
            assertThat(r.echoed("x-header-remove-1")).isNull();
            assertThat(r.echoed("x-header-remove-2")).isNull();
            r = c.get("h", "/case-insensitivity", "x-header-set: original-val-set", "x-header-add: original-val-add",
                    "x-header-remove: original-val-remove", "Another-Header: another-header-val");
            assertThat(r.echoed("x-header-set")).isEqualTo("header-set");
            assertThat(r.echoed("x-header-add")).isEqualTo("original-val-add,header-add");
            assertThat(r.echoed("x-header-remove")).isNull();
        }
    }

    @Test
    void redirectAnswersWithLocation() throws Exception {
        publish(route("redirect", new Rule(List.of(new Match("PathPrefix", "/old", List.of(), List.of(), null)),
                List.of(new Filter("RequestRedirect", null, new Redirect("https", "example.org", 0, 301,
                        "ReplacePrefixMatch", "/new"))), List.of())));
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.get("example.com", "/old/page?x=1");
            assertThat(r.status()).isEqualTo(301);
            assertThat(r.headers().get("location")).isEqualTo("https://example.org/new/page?x=1");
        }
    }

    /** Routes flip between the two backends 300 times while four clients send: no request may fail. */
    @Test
    void routeChurnUnderLoadFailsNoRequest() throws Exception {
        HttpRouteObject toV1 = route("churn", new Rule(List.of(), List.of(), List.of(BackendRef.service("infra-backend-v1", 8080, null))));
        HttpRouteObject toV2 = route("churn", new Rule(List.of(), List.of(), List.of(BackendRef.service("infra-backend-v2", 8080, null))));
        publish(toV1);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        java.util.Set<String> served = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofPlatform().start(() -> {
                try (RawClient c = new RawClient(server.port())) {
                    while (running.get()) {
                        RawClient.Response r = c.get("h", "/");
                        if (r.status() == 200) {
                            ok.incrementAndGet();
                            served.add(r.backend());
                        } else {
                            failures.add(r.status() + " " + r.body());
                        }
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }));
        }
        int swaps = 300;
        for (int i = 0; i < swaps; i++) {
            publish(i % 2 == 0 ? toV2 : toV1);
            Thread.sleep(1);
        }
        running.set(false);
        for (Thread t : clients) {
            t.join(10_000);
        }
        assertThat(failures).isEmpty();
        assertThat(ok.get()).isPositive();
        assertThat(served).containsExactlyInAnyOrder("infra-backend-v1", "infra-backend-v2");
    }
}
