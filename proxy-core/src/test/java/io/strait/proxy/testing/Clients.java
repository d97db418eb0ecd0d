package io.strait.proxy.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Blocking test clients for the named backends. */
public final class Clients {
    private Clients() {}

    public static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(InetAddress.ofLiteral(ip), port);
    }

    /** Connects through the proxy and returns the name of the backend that greeted us. */
    public static String tcpName(InetSocketAddress target) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(target, 3000);
            s.setSoTimeout(5000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    /** Sends one datagram from a fresh socket and returns the answering backend's name, or null on timeout. */
    public static String udpName(InetSocketAddress target) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0))) {
            return udpName(s, target);
        }
    }

    /** Sends one datagram from this socket and returns the answering backend's name, or null on timeout. */
    public static String udpName(DatagramSocket s, InetSocketAddress target) throws IOException {
        s.setSoTimeout(3000);
        byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(ping, ping.length, target));
        byte[] buf = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        String reply = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
        return reply.substring(0, reply.indexOf('|'));
    }
}
