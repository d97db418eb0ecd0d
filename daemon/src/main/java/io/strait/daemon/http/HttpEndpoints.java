package io.strait.daemon.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.nodeport.http.HttpRoute;
import io.strait.nodeport.http.HttpServer;
import io.strait.proxy.health.ProxyHealth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;

/**
 * The HTTP side of the daemon, on kube-proxy's ports: {@code /healthz} and {@code /livez} on the
 * health address (10256), {@code /metrics} on the metrics address (10249; health there too, as
 * kube-proxy), and the inspection documents ({@code /status}, {@code /connections}) on their own
 * address (default loopback), so exposing metrics never exposes flows.
 *
 * <p>Served by Netty on one event-loop thread: a client that opens connections and never finishes
 * its request costs a file descriptor until the request deadline (10 s), never a thread, so it
 * cannot delay a probe. Probes are answered on the event loop; a scrape and the inspection
 * documents on one worker thread with a bounded queue (503 when full).
 */
public final class HttpEndpoints implements AutoCloseable {
    /** How long a connection may take to deliver a whole request. */
    public static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);

    private final EventLoopGroup group;
    private final ThreadPoolExecutor worker;
    private final HttpServer health;
    private final HttpServer metrics;
    private final HttpServer inspect;
    private volatile ObjIntConsumer<String> onHealth = (path, code) -> {};
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** With the inspection documents on any free loopback port. */
    public HttpEndpoints(InetSocketAddress healthAddress, InetSocketAddress metricsAddress,
                         ProxyHealth proxyHealth, PrometheusRegistry registry) {
        this(healthAddress, metricsAddress, new InetSocketAddress("127.0.0.1", 0), proxyHealth, registry);
    }

    public HttpEndpoints(InetSocketAddress healthAddress, InetSocketAddress metricsAddress,
                         InetSocketAddress inspectAddress, ProxyHealth proxyHealth, PrometheusRegistry registry) {
        this(healthAddress, metricsAddress, inspectAddress, proxyHealth, registry, REQUEST_DEADLINE);
    }

    HttpEndpoints(InetSocketAddress healthAddress, InetSocketAddress metricsAddress, InetSocketAddress inspectAddress,
                  ProxyHealth proxyHealth, PrometheusRegistry registry, Duration requestDeadline) {
        group = new MultiThreadIoEventLoopGroup(1, (java.util.concurrent.ThreadFactory) r -> daemon(r, "strait-http"),
                NioIoHandler.newFactory());
        worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(32),
                r -> daemon(r, "strait-http-worker"));
        HttpServer h = null;
        HttpServer m = null;
        try {
            h = new HttpServer("health", healthAddress, group, worker, requestDeadline);
            m = new HttpServer("metrics", metricsAddress, group, worker, requestDeadline);
            inspect = new HttpServer("inspection", inspectAddress, group, worker, requestDeadline);
        } catch (RuntimeException e) {
            if (h != null) {
                h.close();
            }
            if (m != null) {
                m.close();
            }
            shutdown();
            throw e;
        }
        health = h;
        metrics = m;
        for (HttpServer s : new HttpServer[] {health, metrics}) {
            s.route("/healthz", HttpRoute.inline(req -> probe("/healthz", proxyHealth.healthy(), proxyHealth.json())));
            s.route("/livez", HttpRoute.inline(req -> probe("/livez", proxyHealth.live(), proxyHealth.json())));
        }
        // Our own text writer: le values as the Go client writes them (0.0001, not 1.0E-4).
        io.strait.daemon.metrics.TextExposition formats = new io.strait.daemon.metrics.TextExposition();
        metrics.route("/metrics", HttpRoute.offloaded(req -> scrape(registry, formats, req.accept())));
    }

    /** Called with the path and status code of every /healthz and /livez answer (for metrics). */
    public void onHealthRequest(ObjIntConsumer<String> listener) {
        this.onHealth = listener;
    }

    /**
     * Serves a JSON document on the inspection address (/status, /connections). The function gets
     * the raw query string (null when none) and returns the body; an IllegalArgumentException
     * becomes a 400 with its message.
     */
    public void serveJson(String path, Function<String, String> document) {
        inspect.route(path, HttpRoute.offloaded(req -> {
            try {
                return new HttpRoute.Answer(200, "application/json", utf8(document.apply(req.query())));
            } catch (IllegalArgumentException e) {
                String m = String.valueOf(e.getMessage()).replace("\\", "\\\\").replace("\"", "\\\"");
                return new HttpRoute.Answer(400, "application/json", utf8("{\"error\":\"" + m + "\"}"));
            }
        }));
    }

    public InetSocketAddress healthAddress() {
        return health.address();
    }

    public InetSocketAddress metricsAddress() {
        return metrics.address();
    }

    /** Where /status and /connections answer. */
    public InetSocketAddress inspectAddress() {
        return inspect.address();
    }

    private HttpRoute.Answer probe(String path, boolean ok, String json) {
        onHealth.accept(path, ok ? 200 : 503);
        return new HttpRoute.Answer(ok ? 200 : 503, "application/json", utf8(json));
    }

    private static HttpRoute.Answer scrape(PrometheusRegistry registry,
                                           io.strait.daemon.metrics.TextExposition formats, String accept) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(body, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HttpRoute.Answer(200, writer.getContentType(), body.toByteArray());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void shutdown() {
        worker.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Idempotent (a graceful stop closes the runtime, then its owner closes it again). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        health.close();
        metrics.close();
        inspect.close();
        shutdown();
    }
}
