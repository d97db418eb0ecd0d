package io.strait.ingress.server;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.strait.ingress.route.HeaderEdits;
import java.net.InetAddress;
import java.util.Map;

/**
 * The request a backend receives: origin-form target, HTTP/1.1 keep-alive, the hop-by-hop headers
 * of RFC 9110 §7.6.1 removed (those named by {@code Connection} too; {@code Transfer-Encoding} is
 * kept, it frames the body we stream), {@code X-Forwarded-For} appended with the client address,
 * {@code X-Forwarded-Proto} set (a WebSocket upgrade keeps {@code Upgrade} and {@code Connection: upgrade}), then the rule's RequestHeaderModifier applied (an added header
 * joins an existing value with a comma). Stateless.
 */
final class ForwardHeaders {
    private static final String[] HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer",
        "upgrade", "proxy-authorization"};

    private ForwardHeaders() {}

    static HttpRequest toBackend(HttpRequest in, String originForm, InetAddress client, String scheme, HeaderEdits edits) {
        HttpHeaders h = in.headers().copy();
        String upgrade = isUpgrade(in) ? in.headers().get(HttpHeaderNames.UPGRADE) : null;
        stripHopByHop(h);
        if (upgrade != null) {
            h.set(HttpHeaderNames.UPGRADE, upgrade);
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        }
        String ip = client.getHostAddress();
        String xff = h.get("x-forwarded-for");
        h.set("x-forwarded-for", xff == null || xff.isEmpty() ? ip : xff + ", " + ip);
        h.set("x-forwarded-proto", scheme);
        for (Map.Entry<String, String> e : edits.set()) {
            h.set(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : edits.add()) {
            String old = h.get(e.getKey());
            h.set(e.getKey(), old == null ? e.getValue() : String.join(",", h.getAll(e.getKey())) + "," + e.getValue());
        }
        for (String name : edits.remove()) {
            h.remove(name);
        }
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, in.method(), originForm, h);
    }

    /** True for a WebSocket upgrade request: {@code Connection} has the token upgrade, {@code Upgrade: websocket}. */
    static boolean isUpgrade(HttpRequest r) {
        String upgrade = r.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket")
                && r.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    /** Removes the hop-by-hop headers (and those listed in Connection); keeps Transfer-Encoding. */
    static void stripHopByHop(HttpHeaders h) {
        for (String c : h.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : c.split(",")) {
                String t = token.trim();
                if (!t.isEmpty() && !t.equalsIgnoreCase(HttpHeaderValues.CLOSE.toString())
                        && !t.equalsIgnoreCase(HttpHeaderNames.TRANSFER_ENCODING.toString())) {
                    h.remove(t);
                }
            }
        }
        for (String name : HOP_BY_HOP) {
            h.remove(name);
        }
    }
}
