package io.strait.nodeport;

import java.nio.charset.StandardCharsets;

/**
 * The answer of a health-check node port, byte for byte kube-proxy's
 * ({@code pkg/proxy/healthcheck/service_health.go}, {@code hcHandler.ServeHTTP}): 200 when N ≥ 1
 * local endpoints are ready and the proxy is healthy, else 503; the JSON body, header
 * {@code X-Load-Balancing-Endpoint-Weight: N}, {@code Content-Type: application/json} and
 * {@code X-Content-Type-Options: nosniff} either way (current kube-proxy sends the weight header
 * on a 503 too, as {@code 0}). Pure.
 */
public record HealthCheckResponse(int status, int weight, byte[] body) {
    public static final String WEIGHT_HEADER = "X-Load-Balancing-Endpoint-Weight";

    public static HealthCheckResponse of(ServiceHealth health, boolean proxyHealthy) {
        int n = health.localEndpoints();
        boolean ok = n > 0 && proxyHealthy;
        // kube-proxy prints this with dedent: tab-indented, no trailing newline.
        String json = "{\n"
                + "\t\"service\": {\n"
                + "\t\t\"namespace\": " + quote(health.service().namespace()) + ",\n"
                + "\t\t\"name\": " + quote(health.service().name()) + "\n"
                + "\t},\n"
                + "\t\"localEndpoints\": " + n + ",\n"
                + "\t\"serviceProxyHealthy\": " + proxyHealthy + "\n"
                + "}";
        return new HealthCheckResponse(ok ? 200 : 503, n, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Go's %q for the characters Kubernetes names may hold (DNS labels): plain quoting. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
