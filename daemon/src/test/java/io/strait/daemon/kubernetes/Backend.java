package io.strait.daemon.kubernetes;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A loopback TCP server that writes its name and closes: tells a test which endpoint answered. */
final class Backend implements AutoCloseable {
    private final ServerSocket server;
    private final String name;

    Backend(String ip, int port, String name) throws IOException {
        this.name = name;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.ofLiteral(ip), port));
        Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // closed, or the client went away
            }
        }
    }

    /** Connects to address and returns the first line the far end wrote (which backend answered). */
    static String ask(String ip, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.ofLiteral(ip), port), 2000);
            s.setSoTimeout(5000);
            byte[] b = s.getInputStream().readAllBytes();
            String line = new String(b, StandardCharsets.UTF_8).trim();
            if (line.isEmpty()) {
                throw new IOException("connection closed without an answer");
            }
            return line;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
