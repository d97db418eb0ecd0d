package io.strait.bench.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The reference the metric cost is set against: one 64-byte message to an echo server over
 * loopback TCP and its echo back, on an established connection (blocking sockets, a server
 * thread). A relayed connection costs at least this per exchange, plus accept and connect.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Threads(1)
public class LoopbackRoundTripBenchmark {
    private ServerSocket server;
    private Socket client;
    private Thread echo;
    private OutputStream out;
    private InputStream in;
    private final byte[] message = new byte[64];
    private final byte[] reply = new byte[64];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        echo = Thread.ofPlatform().daemon().start(() -> {
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException ignored) {
                // closed at tear-down
            }
        });
        client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        client.setTcpNoDelay(true);
        out = client.getOutputStream();
        in = client.getInputStream();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        client.close();
        server.close();
        echo.join(1000);
    }

    @Benchmark
    public byte[] echo64() throws IOException {
        out.write(message);
        return in.readNBytes(reply, 0, reply.length) == reply.length ? reply : null;
    }
}
