package io.strait.daemon.deploy;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) run by a test on 127.0.0.1 and a free
 * port, with its own configuration and storage in a folder of the test, scraping one target every
 * second and evaluating a rules file. Stopped (its own PID only) on close.
 */
final class PrometheusServer implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** native = {@code --enable-feature=native-histograms} (Prometheus then stores histograms in native form only). */
    PrometheusServer(Path dir, String target, Path rules, boolean nativeHistograms) throws IOException {
        Files.createDirectories(dir);
        port = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                rule_files: ['%s']
                scrape_configs:
                  - job_name: strait
                    static_configs: [{targets: ['%s']}]
                """.formatted(rules.toAbsolutePath(), target));
        log = dir.resolve("prometheus.log");
        List<String> cmd = new java.util.ArrayList<>(List.of(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"));
        if (nativeHistograms) {
            cmd.add("--enable-feature=native-histograms");
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits for the HTTP API to answer; false when the process died or did not come up. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** An instant query's result list (empty when no series matched). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> query(String promql) throws IOException, InterruptedException {
        Map<String, Object> body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(body.get("status"))) {
            throw new AssertionError("query " + promql + " failed: " + body);
        }
        return (List<Map<String, Object>>) ((Map<String, Object>) body.get("data")).get("result");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> get(String path) throws IOException, InterruptedException {
        String json = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new KubernetesSerialization().unmarshal(json, Map.class);
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
