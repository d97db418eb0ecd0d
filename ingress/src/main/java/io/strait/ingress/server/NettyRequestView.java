package io.strait.ingress.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.strait.ingress.route.RequestView;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Netty request as route matching sees it. The host comes from an absolute-form URI's authority,
 * else from {@code Host}; the port is stripped (IPv6 literals keep their brackets). {@link #valid()}
 * is false for what RFC 9112 calls a bad request: no or several {@code Host} headers on HTTP/1.1,
 * or a target that is neither origin-form nor absolute-form.
 */
final class NettyRequestView implements RequestView {
    private final HttpRequest request;
    private final String host;
    private final String path;
    private final String rawQuery;
    private final String originForm;
    private final boolean valid;
    private Map<String, List<String>> query;

    NettyRequestView(HttpRequest request) {
        this.request = request;
        String uri = request.uri();
        String authority = null;
        int start = uri.startsWith("http://") ? 7 : uri.startsWith("https://") ? 8 : -1;
        if (start > 0) {
            int slash = uri.indexOf('/', start);
            authority = slash < 0 ? uri.substring(start) : uri.substring(start, slash);
            uri = slash < 0 ? "/" : uri.substring(slash);
        }
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        boolean http11 = request.protocolVersion().minorVersion() >= 1;
        boolean hostOk = hosts.size() == 1 || (hosts.isEmpty() && !http11);
        if (authority == null) {
            authority = hosts.isEmpty() ? "" : hosts.getFirst();
        }
        int hash = uri.indexOf('#');
        uri = hash < 0 ? uri : uri.substring(0, hash);
        int q = uri.indexOf('?');
        this.path = q < 0 ? uri : uri.substring(0, q);
        this.rawQuery = q < 0 ? "" : uri.substring(q + 1);
        this.originForm = uri;
        this.host = stripPort(authority.toLowerCase(Locale.ROOT));
        this.valid = hostOk && path.startsWith("/");
    }

    private static String stripPort(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? authority : authority.substring(0, close + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    boolean valid() {
        return valid;
    }

    /** The target in origin-form (path and query), as sent to the backend. */
    String originForm() {
        return originForm;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    @Override
    public String queryParam(String name) {
        if (query == null) {
            query = new QueryStringDecoder(rawQuery, false).parameters();
        }
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }
}
