package io.strait.ingress.testing;

import io.strait.ingress.route.RequestView;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A request for route-matching tests: {@code GET} unless told, headers case-insensitive. */
public record TestRequest(String host, String method, String path, String rawQuery, Map<String, String> headers,
                          Map<String, String> query) implements RequestView {

    public static TestRequest get(String host, String path) {
        return new TestRequest(host.toLowerCase(Locale.ROOT), "GET", path, "", Map.of(), Map.of());
    }

    public TestRequest method(String m) {
        return new TestRequest(host, m, path, rawQuery, headers, query);
    }

    /** Headers as name, value, name, value... */
    public TestRequest headers(String... nv) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        for (int i = 0; i < nv.length; i += 2) {
            h.put(nv[i].toLowerCase(Locale.ROOT), nv[i + 1]);
        }
        return new TestRequest(host, method, path, rawQuery, h, query);
    }

    @Override
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String queryParam(String name) {
        return query.get(name);
    }
}
