package io.strait.proxy.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A backend that expects a PROXY protocol header (v1 or v2, HAProxy's proxy-protocol.txt) and
 * answers each connection with one line: {@code V1|V2 SRC:PORT -> DST:PORT | first line}. Parses
 * the header itself (not with Netty's decoder) so the test checks the bytes on the wire.
 */
public final class ProxyHeaderServer implements AutoCloseable {
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private final ServerSocket socket;

    private ProxyHeaderServer(ServerSocket socket) {
        this.socket = socket;
        Thread t = new Thread(this::serve, "proxy-header-server");
        t.setDaemon(true);
        t.start();
    }

    public static ProxyHeaderServer start(String ip) throws IOException {
        return new ProxyHeaderServer(new ServerSocket(0, 50, InetAddress.ofLiteral(ip)));
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                String header = parse(in);
                String line = readLine(in);
                OutputStream out = s.getOutputStream();
                out.write((header + " | " + line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // closed, or a client that went away: next
            }
        }
    }

    /** Reads one header; returns {@code V1 SRC:PORT -> DST:PORT} (or the v2 equivalent). */
    static String parse(DataInputStream in) throws IOException {
        byte[] first = new byte[12];
        in.readFully(first, 0, 6);
        if (new String(first, 0, 6, StandardCharsets.US_ASCII).equals("PROXY ")) {
            String[] f = readLine(in).split(" "); // TCP4 src dst sport dport
            return "V1 " + f[1] + ":" + f[3] + " -> " + f[2] + ":" + f[4];
        }
        in.readFully(first, 6, 6);
        if (!java.util.Arrays.equals(first, V2_SIGNATURE)) {
            throw new IOException("not a PROXY header");
        }
        int versionCommand = in.readUnsignedByte();
        int family = in.readUnsignedByte();
        int length = in.readUnsignedShort();
        if (versionCommand != 0x21 || family != 0x11 || length < 12) {
            throw new IOException("unexpected v2 header " + versionCommand + "/" + family + "/" + length);
        }
        byte[] src = new byte[4];
        byte[] dst = new byte[4];
        in.readFully(src);
        in.readFully(dst);
        int sport = in.readUnsignedShort();
        int dport = in.readUnsignedShort();
        in.skipNBytes(length - 12);
        return "V2 " + InetAddress.getByAddress(src).getHostAddress() + ":" + sport
                + " -> " + InetAddress.getByAddress(dst).getHostAddress() + ":" + dport;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
