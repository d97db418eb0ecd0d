package io.strait.dns.server;

import io.strait.dns.bench.UnboundConf;
import io.strait.dns.zone.Zone;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A Debian unbound started on a free loopback port with a zone's records; stopped by its own PID. */
final class Unbound implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/unbound");

    private final Process process;
    final InetSocketAddress address;

    Unbound(Zone zone, Path dir) throws IOException, InterruptedException {
        int port = freePort();
        int dead;
        try (DatagramSocket d = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            dead = d.getLocalPort(); // closed again: queries sent there go nowhere
        }
        Path conf = dir.resolve("unbound.conf");
        Files.writeString(conf, UnboundConf.render(zone, port, dead, dir, 1));
        process = new ProcessBuilder(BINARY.toString(), "-d", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("unbound.log").toFile()).start();
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket(address.getAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("unbound exited: " + Files.readString(dir.resolve("unbound.log")));
                }
                Thread.sleep(100);
            }
        }
        close();
        throw new IOException("unbound did not listen on " + address);
    }

    /** A port free for TCP and UDP at the moment of asking. */
    static int freePort() throws IOException {
        for (int i = 0; ; i++) {
            try (ServerSocket t = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket u = new DatagramSocket(t.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return t.getLocalPort();
            } catch (IOException e) {
                if (i == 20) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
