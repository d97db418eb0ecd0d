package io.strait.allocator.k8s;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8's mock API server in CRUD mode on loopback, and a teardown that survives its known
 * shutdown failure. In mockwebserver 8.0.0 a watch WebSocket that closes while watch events are
 * queued runs {@code WatchEventsListener.onClosed}, which blocks the mock server's Vert.x event loop
 * for up to 10 s waiting on its own send executor; {@code MockWebServer.shutdown()} then gives up with
 * {@code IllegalStateException("Unable to close MockWebServer")} (seen in CI; fabric8 works around
 * the same in its own suites, kubernetes-client#7747, #8131). The test's assertions have run by
 * then; what is lost is only the mock server's threads, so the failure is logged, not rethrown.
 */
public final class MockApiServer {
    private static final Logger log = LoggerFactory.getLogger(MockApiServer.class);

    private MockApiServer() {
    }

    /** A started CRUD mock API server on the loopback address and an ephemeral port. */
    public static KubernetesMockServer start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    /** Stops the server; a shutdown that times out is logged (see the class comment). Null-safe. */
    public static void destroy(KubernetesMockServer server) {
        if (server == null) {
            return;
        }
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            log.warn("mock API server on port {} did not shut down cleanly (fabric8 mockwebserver with Vert.x 5): {}",
                    server.getPort(), e.toString());
        }
    }
}
