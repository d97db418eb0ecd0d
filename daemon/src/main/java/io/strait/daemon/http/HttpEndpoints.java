package io.strait.daemon.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.proxy.health.ProxyHealth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP side of the daemon, on kube-proxy's ports: {@code /healthz} and {@code /livez} on the
 * health address (10256), {@code /metrics} on the metrics address (10249; health there too, as
 * kube-proxy). Served by the JDK's HTTP server on two small daemon threads.
 */
public final class HttpEndpoints implements AutoCloseable {
    private final HttpServer health;
    private final HttpServer metrics;
    private final ExecutorService executor;
    private volatile java.util.function.ObjIntConsumer<String> onHealth = (path, code) -> {};

    public HttpEndpoints(InetSocketAddress healthAddress, InetSocketAddress metricsAddress,
                         ProxyHealth proxyHealth, PrometheusRegistry registry) {
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "strait-http");
            t.setDaemon(true);
            return t;
        });
        try {
            health = HttpServer.create(healthAddress, 64);
            metrics = HttpServer.create(metricsAddress, 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the health (" + healthAddress + ") or metrics ("
                    + metricsAddress + ") address: " + e.getMessage(), e);
        }
        for (HttpServer s : new HttpServer[] {health, metrics}) {
            s.createContext("/healthz", ex -> {
                boolean ok = proxyHealth.healthy();
                onHealth.accept("/healthz", ok ? 200 : 503);
                respondHealth(ex, ok, proxyHealth.json());
            });
            s.createContext("/livez", ex -> {
                boolean ok = proxyHealth.live();
                onHealth.accept("/livez", ok ? 200 : 503);
                respondHealth(ex, ok, proxyHealth.json());
            });
            s.setExecutor(executor);
        }
        io.strait.daemon.metrics.TextExposition formats = new io.strait.daemon.metrics.TextExposition();
        metrics.createContext("/metrics", metricsHandler(registry, formats));
        health.start();
        metrics.start();
    }

    /** Called with the path and status code of every /healthz and /livez answer (for metrics). */
    public void onHealthRequest(java.util.function.ObjIntConsumer<String> listener) {
        this.onHealth = listener;
    }

    /**
     * Serves a JSON document on the metrics address (inspection: /status, /connections). The
     * function gets the raw query string (null when none) and returns the body; an
     * IllegalArgumentException becomes a 400 with its message.
     */
    public void serveJson(String path, java.util.function.Function<String, String> document) {
        metrics.createContext(path, ex -> {
            int status = 200;
            String body;
            try {
                body = document.apply(ex.getRequestURI().getRawQuery());
            } catch (IllegalArgumentException e) {
                status = 400;
                body = "{\"error\":\"" + e.getMessage().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            send(ex, status, body.getBytes(StandardCharsets.UTF_8));
        });
    }

    public InetSocketAddress healthAddress() {
        return health.getAddress();
    }

    public InetSocketAddress metricsAddress() {
        return metrics.getAddress();
    }

    private static HttpHandler metricsHandler(PrometheusRegistry registry, io.strait.daemon.metrics.TextExposition formats) {
        return ex -> {
            ExpositionFormatWriter writer = formats.findWriter(ex.getRequestHeaders().getFirst("Accept"));
            ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            writer.write(body, registry.scrape());
            ex.getResponseHeaders().set("Content-Type", writer.getContentType());
            send(ex, 200, body.toByteArray());
        };
    }

    private static void respondHealth(HttpExchange ex, boolean ok, String json) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        send(ex, ok ? 200 : 503, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        try (ex) {
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        health.stop(0);
        metrics.stop(0);
        executor.shutdownNow();
    }
}
