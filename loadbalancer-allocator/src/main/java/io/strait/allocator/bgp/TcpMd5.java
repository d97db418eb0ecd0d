package io.strait.allocator.bgp;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * TCP MD5 signatures (RFC 2385) for a BGP socket: {@code setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG,
 * struct tcp_md5sig)} through the FFM API, before connect. Linux only; stateless.
 */
final class TcpMd5 {
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_MD5SIG = 14;
    private static final int STRUCT_SIZE = 216; // sockaddr_storage 128, flags, prefixlen, keylen 2, ifindex 4, key 80
    private static final int MAX_KEY = 80;
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SETSOCKOPT = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("setsockopt").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));

    private TcpMd5() {}

    /**
     * Sets the key for the peer. The socket may be AF_INET6 (Netty's epoll default) even for an
     * IPv4 peer, which the kernel then wants as a v4-mapped address: try that first, then AF_INET.
     */
    static void set(int fd, InetAddress peer, String password) throws IOException {
        byte[] ip = peer.getAddress();
        byte[] v6 = ip;
        if (ip.length == 4) {
            v6 = new byte[16];
            v6[10] = (byte) 0xff;
            v6[11] = (byte) 0xff;
            System.arraycopy(ip, 0, v6, 12, 4);
        }
        int errno = setsockopt(fd, 10, v6, password);
        if (errno == 22 && ip.length == 4) {
            errno = setsockopt(fd, 2, ip, password);
        }
        if (errno != 0) {
            throw new IOException("setsockopt(TCP_MD5SIG) for " + peer.getHostAddress() + " failed (errno " + errno + ")");
        }
    }

    /** Returns 0 or errno. */
    private static int setsockopt(int fd, int family, byte[] ip, String password) throws IOException {
        byte[] key = password.getBytes(StandardCharsets.UTF_8);
        if (key.length > MAX_KEY) {
            throw new IOException("TCP MD5 password longer than " + MAX_KEY + " octets");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sig = a.allocate(STRUCT_SIZE);
            sig.set(ValueLayout.JAVA_SHORT, 0, (short) family);                   // port 0
            MemorySegment.copy(ip, 0, sig, ValueLayout.JAVA_BYTE, family == 2 ? 4 : 8, ip.length);
            sig.set(ValueLayout.JAVA_SHORT, 130, (short) key.length);
            MemorySegment.copy(key, 0, sig, ValueLayout.JAVA_BYTE, 136, key.length);
            MemorySegment err = a.allocate(CAPTURE);
            int rc = (int) SETSOCKOPT.invokeExact(err, fd, IPPROTO_TCP, TCP_MD5SIG, sig, STRUCT_SIZE);
            return rc < 0 ? (int) ERRNO.get(err, 0L) : 0;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("setsockopt(TCP_MD5SIG): " + t, t);
        }
    }
}
