package io.strait.ingress.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A blocking HTTP/1.1 client over one socket, for exact control of the bytes sent (keep-alive by default). */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A response; header names lower-cased. */
    public record Response(int status, Map<String, String> headers, String body) {
        /** The body line "name: value" the echo backend wrote for this request header, or null. */
        public String echoed(String header) {
            for (String line : body.split("\n")) {
                if (line.startsWith(header.toLowerCase(Locale.ROOT) + ": ")) {
                    return line.substring(header.length() + 2);
                }
            }
            return null;
        }

        public String backend() {
            return headers.get("x-backend");
        }
    }

    public Response get(String host, String path, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return send(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    public Response send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return read();
    }

    public void write(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    public Response read() throws IOException {
        String status = line();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int c = l.indexOf(':');
            headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    /** True when the server closed the connection (EOF on read). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c < 0 && b.size() == 0) {
            throw new IOException("connection closed by the server");
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
