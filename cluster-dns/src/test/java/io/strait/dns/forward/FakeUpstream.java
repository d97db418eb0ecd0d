package io.strait.dns.forward;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted upstream resolver on loopback (UDP and TCP on one port), written with Netty's
 * codec-dns. Names answer A records, NXDOMAIN with an SOA, or nothing (silent); "truncate" names
 * answer over UDP with TC set and fully over TCP. Counts the questions it receives.
 */
final class FakeUpstream implements AutoCloseable {
    record Script(int rcode, int aCount, long ttl, boolean truncateOverUdp) {}

    final DatagramSocket udp;
    final ServerSocket tcp;
    final Map<String, Script> scripts = new ConcurrentHashMap<>();
    final AtomicInteger udpQueries = new AtomicInteger();
    final AtomicInteger tcpQueries = new AtomicInteger();
    volatile boolean silent;

    FakeUpstream() throws IOException {
        DatagramSocket u = null;
        ServerSocket t = null;
        for (int i = 0; t == null; i++) {
            u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try {
                t = new ServerSocket(u.getLocalPort(), 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                u.close();
                if (i == 10) {
                    throw e;
                }
            }
        }
        udp = u;
        tcp = t;
        Thread.ofPlatform().daemon().start(this::serveUdp);
        Thread.ofPlatform().daemon().start(this::serveTcp);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort());
    }

    private void serveUdp() {
        byte[] buf = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                udpQueries.incrementAndGet();
                if (silent) {
                    continue;
                }
                byte[] r = answer(Arrays.copyOf(buf, p.getLength()), false);
                if (r != null) {
                    udp.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] q = new byte[in.readUnsignedShort()];
                in.readFully(q);
                tcpQueries.incrementAndGet();
                byte[] r = answer(q, true);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeShort(r.length);
                out.write(r);
                out.flush();
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(byte[] query, boolean overTcp) {
        EmbeddedChannel in = new EmbeddedChannel(new DatagramDnsQueryDecoder());
        InetSocketAddress any = address();
        in.writeInbound(new io.netty.channel.socket.DatagramPacket(Unpooled.wrappedBuffer(query), any, any));
        DatagramDnsQuery q = in.readInbound();
        DnsQuestion question = q.recordAt(DnsSection.QUESTION);
        Script script = scripts.getOrDefault(question.name().toLowerCase() + "/" + question.type().name(),
                new Script(3, 0, 60, false));
        DatagramDnsResponse r = new DatagramDnsResponse(any, any, q.id(), DnsOpCode.QUERY,
                DnsResponseCode.valueOf(script.rcode()));
        r.setRecursionAvailable(true);
        r.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
        q.release();
        in.finishAndReleaseAll();
        if (script.truncateOverUdp() && !overTcp) {
            r.setTruncated(true);
        } else {
            for (int i = 0; i < script.aCount(); i++) {
                r.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), DnsRecordType.A, script.ttl(),
                        Unpooled.wrappedBuffer(new byte[] {(byte) 192, 0, 2, (byte) (i + 1)})));
            }
            if (script.rcode() == 3 || script.aCount() == 0) {
                byte[] soa = soa();
                r.addRecord(DnsSection.AUTHORITY, new DefaultDnsRawRecord("example.", DnsRecordType.SOA, script.ttl(),
                        Unpooled.wrappedBuffer(soa)));
            }
        }
        EmbeddedChannel out = new EmbeddedChannel(new DatagramDnsResponseEncoder());
        out.writeOutbound(r);
        io.netty.channel.socket.DatagramPacket p = out.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(p.content());
        p.release();
        out.finishAndReleaseAll();
        return bytes;
    }

    /** ns.example. hostmaster.example. 1 7200 1800 86400 minimum 300 (uncompressed). */
    private static byte[] soa() {
        io.netty.buffer.ByteBuf b = Unpooled.buffer();
        for (String n : new String[] {"ns.example", "hostmaster.example"}) {
            for (String l : n.split("\\.")) {
                b.writeByte(l.length()).writeBytes(l.getBytes());
            }
            b.writeByte(0);
        }
        b.writeInt(1).writeInt(7200).writeInt(1800).writeInt(86400).writeInt(300);
        return ByteBufUtil.getBytes(b);
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
