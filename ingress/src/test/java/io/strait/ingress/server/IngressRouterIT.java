package io.strait.ingress.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.strait.ingress.api.GatewayClassObject;
import io.strait.ingress.api.GatewayObject;
import io.strait.ingress.api.HttpRouteObject;
import io.strait.ingress.api.IngressClassObject;
import io.strait.ingress.api.IngressObject;
import io.strait.ingress.api.Meta;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.compile.GatewayCompiler;
import io.strait.ingress.compile.IngressCompiler;
import io.strait.ingress.testing.EchoBackend;
import io.strait.ingress.testing.RawClient;
import io.strait.ingress.testing.TestCluster;
import io.strait.proxy.dataplane.Transport;
import io.strait.proxy.model.ClusterState;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router facade: Ingress listeners, and Gateway listener ports bound and closed as the table says. */
class IngressRouterIT {
    static final Transport TRANSPORT = Transport.best();
    EventLoopGroup group;
    EchoBackend backend;
    IngressRouter router;
    ClusterState cluster;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, TRANSPORT.ioHandlerFactory());
        backend = new EchoBackend("web", group, TRANSPORT, false);
        cluster = new TestCluster().service("ns", "web", 80, "http", backend.address()).state();
        router = new IngressRouter(RouterConfig.DEFAULTS, group, TRANSPORT, "127.0.0.1");
        router.listenIngress(new InetSocketAddress("127.0.0.1", 0), null);
    }

    @AfterEach
    void stop() throws Exception {
        router.close();
        backend.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static RouteObjects objects(int gatewayPort) {
        List<GatewayObject> gateways = gatewayPort == 0 ? List.of() : List.of(new GatewayObject(Meta.of("ns", "gw"), "strait",
                List.of(new GatewayObject.Listener("http", null, gatewayPort, "HTTP", List.of(), "Same"))));
        HttpRouteObject route = new HttpRouteObject(Meta.of("ns", "r"), List.of(HttpRouteObject.ParentRef.gateway("gw")),
                List.of(), List.of(new HttpRouteObject.Rule(List.of(), List.of(),
                        List.of(HttpRouteObject.BackendRef.service("web", 80, null)))));
        IngressObject ingress = new IngressObject(Meta.of("ns", "i"), null, IngressObject.Backend.service("web", 80),
                List.of(), List.of());
        return new RouteObjects(List.of(new GatewayClassObject("strait", GatewayCompiler.CONTROLLER)), gateways,
                List.of(route), List.of(), List.of(new IngressClassObject("strait", IngressCompiler.CONTROLLER,
                        Map.of(IngressClassObject.DEFAULT_CLASS_ANNOTATION, "true"))), List.of(ingress), List.of());
    }

    @Test
    void gatewayListenerPortsFollowTheTable() throws Exception {
        int port = freePort();
        router.update(objects(port), cluster);
        assertThat(router.gatewayListening(port)).isEqualTo(port);
        try (RawClient c = new RawClient(port)) {
            assertThat(c.get("any", "/").backend()).isEqualTo("web");
        }
        try (RawClient c = new RawClient(router.ingressHttpPort())) {
            assertThat(c.get("any", "/").backend()).isEqualTo("web");
        }
        router.update(objects(0), cluster);
        assertThat(router.gatewayListening(port)).isEqualTo(-1);
        assertThatThrownBy(() -> new RawClient(port)).isInstanceOf(ConnectException.class);
    }

    @Test
    void aPortInUseIsReportedAndRetried() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            router.update(objects(port), cluster);
            assertThat(router.bindErrors()).containsOnlyKeys(port);
            assertThat(router.gatewayListening(port)).isEqualTo(-1);
            taken.close();
            router.update(objects(port), cluster);
            assertThat(router.bindErrors()).isEmpty();
            assertThat(router.gatewayListening(port)).isEqualTo(port);
        }
    }
}
