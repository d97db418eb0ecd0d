package io.strait.daemon.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain TCP forwarder in front of the mock API server, on a port the test owns: {@link #stop()}
 * closes the port and cuts every connection (the API server "goes away"), {@link #start()} opens
 * the same port again. The mock server itself, and its state, stay up meanwhile.
 */
final class TcpForwarder implements AutoCloseable {
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private int port;

    TcpForwarder(InetSocketAddress target) {
        this.target = target;
    }

    synchronized int start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = s.getLocalPort();
        server = s;
        Thread.ofVirtual().start(() -> accept(s));
        return port;
    }

    int port() {
        return port;
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // cut: fall through and close both
        } finally {
            close(from);
            close(to);
        }
    }

    /** Closes the port and cuts every connection through it. */
    synchronized void stop() {
        close(server);
        sockets.forEach(TcpForwarder::close);
        sockets.clear();
    }

    private static void close(java.io.Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        stop();
    }
}
