package io.strait.proxy.dataplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP test backend for bulk transfers: per connection it sends {@code toSend} pseudo-random bytes
 * (then shuts its output) while it reads everything the client sends, and reports the SHA-256 of
 * both; {@link #respondingAfterRequest} first reads the client's bytes to their end, like a server
 * that answers a request the client ended with a half-close. Blocking sockets on virtual threads.
 */
final class BulkServer implements AutoCloseable {
    private final ServerSocket server;
    private final long toSend;
    private final boolean dieMidStream;
    private final boolean afterRequest;
    final CompletableFuture<String> sentDigest = new CompletableFuture<>();
    final CompletableFuture<String> receivedDigest = new CompletableFuture<>();
    final AtomicLong written = new AtomicLong();

    BulkServer(long toSend, boolean dieMidStream) throws IOException {
        this(toSend, dieMidStream, false);
    }

    /** Reads what the client sends until its FIN, then sends {@code toSend} bytes and shuts its output. */
    static BulkServer respondingAfterRequest(long toSend) throws IOException {
        return new BulkServer(toSend, false, true);
    }

    private BulkServer(long toSend, boolean dieMidStream, boolean afterRequest) throws IOException {
        this.toSend = toSend;
        this.dieMidStream = dieMidStream;
        this.afterRequest = afterRequest;
        this.server = new ServerSocket(0, 16, InetAddress.ofLiteral("127.0.0.1"));
        Thread.ofVirtual().start(this::acceptOne);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptOne() {
        try {
            Socket s = server.accept();
            if (afterRequest) {
                receivedDigest.complete(drain(s));
            } else {
                Thread.ofVirtual().start(() -> receivedDigest.complete(drain(s)));
            }
            sentDigest.complete(send(s));
        } catch (IOException e) {
            sentDigest.completeExceptionally(e);
        }
    }

    private String send(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        MessageDigest md = sha256();
        Random random = new Random(42);
        byte[] buf = new byte[64 * 1024];
        for (long left = toSend; left > 0; ) {
            int n = (int) Math.min(buf.length, left);
            random.nextBytes(buf);
            out.write(buf, 0, n);
            md.update(buf, 0, n);
            written.addAndGet(n);
            left -= n;
            if (dieMidStream && toSend - left >= toSend / 2) {
                s.setSoLinger(true, 0);
                s.close();
                return "died";
            }
        }
        s.shutdownOutput();
        return HexFormat.of().formatHex(md.digest());
    }

    static String drain(Socket s) {
        try {
            InputStream in = s.getInputStream();
            MessageDigest md = sha256();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            return "failed: " + e;
        }
    }

    /** Writes n pseudo-random bytes (seed 7), shuts output, returns their SHA-256. */
    static String sendFrom(Socket s, long n) throws IOException {
        OutputStream out = s.getOutputStream();
        MessageDigest md = sha256();
        Random random = new Random(7);
        byte[] buf = new byte[64 * 1024];
        for (long left = n; left > 0; ) {
            int k = (int) Math.min(buf.length, left);
            random.nextBytes(buf);
            out.write(buf, 0, k);
            md.update(buf, 0, k);
            left -= k;
        }
        s.shutdownOutput();
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
