package io.strait.daemon.inspect;

import io.strait.daemon.http.HttpEndpoints;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/** Registers {@code /status} and {@code /connections[?service=NS/NAME]} on the inspection address. */
public final class InspectEndpoints {
    private InspectEndpoints() {}

    public static void register(HttpEndpoints http, Supplier<Status> status, FlowSource flows) {
        http.serveJson("/status", query -> InspectJson.write(status.get()));
        http.serveJson("/connections", query -> {
            String service = param(query, "service");
            List<Flow> matching = flows.flows().stream().filter(f -> f.matches(service)).toList();
            return InspectJson.write(matching);
        });
    }

    static String param(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
