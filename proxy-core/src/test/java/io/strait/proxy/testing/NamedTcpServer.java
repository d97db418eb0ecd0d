package io.strait.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP test backend on loopback: greets every connection with its name and a newline, then
 * echoes everything it reads; when the client shuts its output, it shuts its own after the echo
 * (so half-close can be observed). Plain blocking sockets on virtual threads.
 */
public final class NamedTcpServer implements AutoCloseable {
    private final String name;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();

    public NamedTcpServer(String name, String ip, int port) throws IOException {
        this.name = name;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.ofLiteral(ip), port), 512);
        Thread.ofVirtual().name("backend-" + name).start(this::acceptLoop);
    }

    public static NamedTcpServer start(String name, String ip) throws IOException {
        return new NamedTcpServer(name, ip, 0);
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Cuts every open connection (a backend dying mid-stream). */
    public void killConnections() throws IOException {
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0);
            } catch (java.net.SocketException alreadyClosed) {
                // closed by its serving thread meanwhile
            }
            s.close();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                open.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            s.shutdownOutput();
        } catch (IOException e) {
            // client went away
        } finally {
            open.remove(s);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        killConnections();
    }
}
