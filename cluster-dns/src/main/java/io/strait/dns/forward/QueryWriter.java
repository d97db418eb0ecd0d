package io.strait.dns.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strait.dns.server.DnsQuery;
import io.strait.dns.server.ResponseEncoder;
import io.strait.dns.server.Wire;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/** Upstream queries: RD set, one question, an OPT record advertising {@value ResponseEncoder#EDNS_PAYLOAD} bytes. */
final class QueryWriter {
    private QueryWriter() {}

    static ByteBuf write(ByteBufAllocator alloc, int id, String name, int type) {
        ByteBuf out = alloc.buffer(64);
        out.writeShort(id).writeShort(0x0100).writeShort(1).writeShort(0).writeShort(0).writeShort(1);
        Wire.writeName(out, name, null);
        out.writeShort(type).writeShort(1);
        out.writeByte(0).writeShort(DnsQuery.TYPE_OPT).writeShort(ResponseEncoder.EDNS_PAYLOAD).writeInt(0).writeShort(0);
        return out;
    }

    /** Same port and address, an IPv4 address equal to its IPv4-mapped IPv6 form (dual-stack sockets). */
    static boolean sameEndpoint(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() == b.getPort() && Arrays.equals(v6(a.getAddress()), v6(b.getAddress()));
    }

    private static byte[] v6(InetAddress a) {
        if (a instanceof Inet6Address) {
            return a.getAddress();
        }
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(((Inet4Address) a).getAddress(), 0, out, 12, 4);
        return out;
    }
}
