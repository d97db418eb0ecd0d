package io.strait.daemon.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** A tiny HTTP backend that answers every request with its own name and says so on the console. */
final class DemoBackend implements AutoCloseable {
    private final String name;
    private final HttpServer server;

    DemoBackend(String name, InetSocketAddress address, PrintStream console) throws IOException {
        this.name = name;
        this.server = HttpServer.create(address, 128);
        server.createContext("/", ex -> {
            byte[] body = ("Hello from " + name + "\n").getBytes(StandardCharsets.UTF_8);
            console.printf("[%s] answered %s %s from %s%n", name, ex.getRequestMethod(), ex.getRequestURI(),
                    ex.getRemoteAddress().getAddress().getHostAddress() + ":" + ex.getRemoteAddress().getPort());
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String name() {
        return name;
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
