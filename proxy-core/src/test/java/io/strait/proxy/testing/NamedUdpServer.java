package io.strait.proxy.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A UDP test backend on loopback: answers each datagram with its name, a '|' and the payload
 * echoed back byte for byte (so large datagrams can be checked).
 */
public final class NamedUdpServer implements AutoCloseable {
    private final String name;
    private final DatagramSocket socket;

    public NamedUdpServer(String name, String ip, int port) throws IOException {
        this.name = name;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(ip), port));
        socket.setReceiveBufferSize(1 << 20);
        Thread.ofVirtual().name("udp-" + name).start(this::loop);
    }

    public static NamedUdpServer start(String name, String ip) throws IOException {
        return new NamedUdpServer(name, ip, 0);
    }

    public String name() {
        return name;
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void loop() {
        byte[] buf = new byte[65_535];
        byte[] prefix = (name + "|").getBytes(StandardCharsets.UTF_8);
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                int len = Math.min(p.getLength(), 65_507 - prefix.length);
                byte[] reply = new byte[prefix.length + len];
                System.arraycopy(prefix, 0, reply, 0, prefix.length);
                System.arraycopy(buf, 0, reply, prefix.length, len);
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
