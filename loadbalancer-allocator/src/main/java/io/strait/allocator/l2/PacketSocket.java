package io.strait.allocator.l2;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * An AF_PACKET raw socket for ARP on one interface, through the Java 25 FFM API (no JNI):
 * {@code socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ARP))}, {@code if_nametoindex},
 * {@code ioctl(SIOCGIFHWADDR)} for the MAC, {@code bind(sockaddr_ll)}, a 200 ms
 * {@code SO_RCVTIMEO} so the reader can stop. Needs CAP_NET_RAW and
 * {@code --enable-native-access=ALL-UNNAMED}. One reader thread and any number of senders.
 */
final class PacketSocket implements Link {
    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final short ETH_P_ARP_BE = (short) 0x0608; // htons(0x0806) on little-endian
    private static final long SIOCGIFHWADDR = 0x8927;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SOCKET = fn("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle IF_NAMETOINDEX = fn("if_nametoindex", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS));
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LINKER.defaultLookup().find("ioctl").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    private static final MethodHandle BIND = fn("bind", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = fn("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECV = fn("recv", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle SEND = fn("send", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;

    private final String name;
    private final int fd;
    private final byte[] mac;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment recvBuffer = arena.allocate(2048);
    private final MemorySegment errno = arena.allocate(CAPTURE);
    private volatile boolean closed;

    private static MethodHandle fn(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d, Linker.Option.captureCallState("errno"));
    }

    PacketSocket(String interfaceName) throws IOException {
        this.name = interfaceName;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(CAPTURE);
            int index = (int) IF_NAMETOINDEX.invokeExact(err, a.allocateFrom(interfaceName));
            if (index == 0) {
                throw new IOException("interface " + interfaceName + ": not found (errno " + errno(err) + ")");
            }
            int s = (int) SOCKET.invokeExact(err, AF_PACKET, SOCK_RAW, (int) ETH_P_ARP_BE);
            if (s < 0) {
                throw new IOException("socket(AF_PACKET) on " + interfaceName + " failed (errno " + errno(err)
                        + "; needs CAP_NET_RAW)");
            }
            MemorySegment ifreq = a.allocate(40);
            ifreq.setString(0, interfaceName);
            if ((int) IOCTL.invokeExact(err, s, SIOCGIFHWADDR, ifreq) < 0) {
                int e = errno(err);
                int ignored = (int) CLOSE.invokeExact(err, s);
                throw new IOException("ioctl(SIOCGIFHWADDR) on " + interfaceName + " failed (errno " + e + ")");
            }
            mac = ifreq.asSlice(18, 6).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment sll = a.allocate(20);
            sll.set(ValueLayout.JAVA_SHORT, 0, (short) AF_PACKET);
            sll.set(ValueLayout.JAVA_SHORT, 2, ETH_P_ARP_BE);
            sll.set(ValueLayout.JAVA_INT, 4, index);
            MemorySegment timeout = a.allocate(16);
            timeout.set(ValueLayout.JAVA_LONG, 8, 200_000);
            if ((int) BIND.invokeExact(err, s, sll, 20) < 0
                    || (int) SETSOCKOPT.invokeExact(err, s, SOL_SOCKET, SO_RCVTIMEO, timeout, 16) < 0) {
                int e = errno(err);
                int ignored = (int) CLOSE.invokeExact(err, s);
                throw new IOException("bind/setsockopt on " + interfaceName + " failed (errno " + e + ")");
            }
            fd = s;
        } catch (IOException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IOException("AF_PACKET socket on " + interfaceName + ": " + t, t);
        }
    }

    private static int errno(MemorySegment err) {
        return (int) ERRNO.get(err, 0L);
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int receive(byte[] buffer) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        try {
            long n = (long) RECV.invokeExact(errno, fd, recvBuffer, recvBuffer.byteSize(), 0);
            if (n < 0) {
                int e = errno(errno);
                if (e == EAGAIN || e == EINTR) {
                    return 0;
                }
                throw new IOException("recv on " + name + " failed (errno " + e + ")");
            }
            int len = (int) Math.min(n, buffer.length);
            MemorySegment.copy(recvBuffer, ValueLayout.JAVA_BYTE, 0, buffer, 0, len);
            return len;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    @Override
    public void send(byte[] frame) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(CAPTURE);
            long n = (long) SEND.invokeExact(err, fd, a.allocateFrom(ValueLayout.JAVA_BYTE, frame), (long) frame.length, 0);
            if (n < 0) {
                throw new IOException("send on " + name + " failed (errno " + errno(err) + ")");
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /** Closes the socket; call after the reader thread has stopped. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(a.allocate(CAPTURE), fd);
        } catch (Throwable t) {
            // nothing more to do
        }
        arena.close();
    }
}
