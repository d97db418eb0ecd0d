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
import java.net.Inet6Address;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.util.HashMap;
import java.util.Map;

/**
 * An AF_PACKET raw socket for one {@link L2Protocol} on one interface, through the Java 25 FFM API
 * (no JNI): {@code socket(AF_PACKET, SOCK_RAW, 0)} (receives nothing yet), {@code if_nametoindex},
 * {@code ioctl(SIOCGIFHWADDR)} for the MAC, the protocol's classic BPF program
 * ({@code SO_ATTACH_FILTER}), a 200 ms {@code SO_RCVTIMEO} so the reader can stop, and only then
 * {@code bind(sockaddr_ll)} to the interface and the protocol's EtherType, so no frame of another
 * interface or kind is ever queued. Multicast groups are joined with
 * {@code setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP, PACKET_MR_MULTICAST)}, which adds the MAC to
 * the interface's filter for as long as the socket holds it (packet(7)), and on a UDP socket (MLD). Needs CAP_NET_RAW and
 * {@code --enable-native-access=ALL-UNNAMED}. One reader thread and any number of senders.
 */
final class PacketSocket implements Link {
    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final long SIOCGIFHWADDR = 0x8927;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_ATTACH_FILTER = 26;
    private static final int SOL_PACKET = 263;
    private static final int PACKET_ADD_MEMBERSHIP = 1;
    private static final int PACKET_DROP_MEMBERSHIP = 2;
    private static final short PACKET_MR_MULTICAST = 0;
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
    private final int index;
    private final int fd;
    private final byte[] mac;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment recvBuffer = arena.allocate(2048);
    private final MemorySegment errno = arena.allocate(CAPTURE);
    private volatile boolean closed;
    private DatagramChannel mld;                                    // guarded by this
    private final Map<Inet6Address, MembershipKey> mldKeys = new HashMap<>();

    private static MethodHandle fn(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d, Linker.Option.captureCallState("errno"));
    }

    PacketSocket(String interfaceName, L2Protocol protocol) throws IOException {
        this.name = interfaceName;
        short etherType = htons(protocol.etherType());
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(CAPTURE);
            int index = (int) IF_NAMETOINDEX.invokeExact(err, a.allocateFrom(interfaceName));
            if (index == 0) {
                throw new IOException("interface " + interfaceName + ": not found (errno " + errno(err) + ")");
            }
            int s = (int) SOCKET.invokeExact(err, AF_PACKET, SOCK_RAW, 0);
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
            sll.set(ValueLayout.JAVA_SHORT, 2, etherType);
            sll.set(ValueLayout.JAVA_INT, 4, index);
            MemorySegment timeout = a.allocate(16);
            timeout.set(ValueLayout.JAVA_LONG, 8, 200_000);
            MemorySegment program = filter(a, protocol.filter());
            if ((int) SETSOCKOPT.invokeExact(err, s, SOL_SOCKET, SO_ATTACH_FILTER, program, (int) program.byteSize()) < 0
                    || (int) SETSOCKOPT.invokeExact(err, s, SOL_SOCKET, SO_RCVTIMEO, timeout, 16) < 0
                    || (int) BIND.invokeExact(err, s, sll, 20) < 0) {
                int e = errno(err);
                int ignored = (int) CLOSE.invokeExact(err, s);
                throw new IOException("setsockopt/bind on " + interfaceName + " failed (errno " + e + ")");
            }
            this.index = index;
            fd = s;
        } catch (IOException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IOException("AF_PACKET socket on " + interfaceName + ": " + t, t);
        }
    }

    private static short htons(int value) {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? (short) value : Short.reverseBytes((short) value);
    }

    /** A struct sock_fprog (length, pointer) pointing at the struct sock_filter array, both in arena. */
    private static MemorySegment filter(Arena arena, int[][] instructions) {
        MemorySegment code = arena.allocate(8L * instructions.length, 8);
        for (int i = 0; i < instructions.length; i++) {
            int[] in = instructions[i];
            code.set(ValueLayout.JAVA_SHORT, 8L * i, (short) in[0]);
            code.set(ValueLayout.JAVA_BYTE, 8L * i + 2, (byte) in[1]);
            code.set(ValueLayout.JAVA_BYTE, 8L * i + 3, (byte) in[2]);
            code.set(ValueLayout.JAVA_INT, 8L * i + 4, in[3]);
        }
        MemorySegment program = arena.allocate(16, 8);
        program.set(ValueLayout.JAVA_SHORT, 0, (short) instructions.length);
        program.set(ValueLayout.ADDRESS, 8, code);
        return program;
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

    /**
     * Adds the group's Ethernet address (RFC 2464 §7) to the interface's filter with
     * {@code PACKET_ADD_MEMBERSHIP}, which always works, then joins the IPv6 group itself on a UDP
     * socket so the kernel also sends MLD reports and switches that snoop MLD forward the group here
     * (fails, saying so, where the interface has no IPv6).
     */
    @Override
    public synchronized void joinGroup(Inet6Address group) throws IOException {
        membership(groupMac(group), PACKET_ADD_MEMBERSHIP);
        try {
            if (mld == null) {
                mld = DatagramChannel.open(StandardProtocolFamily.INET6);
            }
            NetworkInterface itf = NetworkInterface.getByName(name);
            if (itf == null) {
                throw new IOException("no such interface");
            }
            mldKeys.put(group, mld.join(group, itf));
        } catch (IOException | UnsupportedOperationException e) {
            throw new IOException("frames to " + group.getHostAddress() + " are received, but joining the group for"
                    + " MLD failed (" + e.getMessage() + "): a switch snooping MLD may not forward them", e);
        }
    }

    @Override
    public synchronized void leaveGroup(Inet6Address group) throws IOException {
        MembershipKey key = mldKeys.remove(group);
        if (key != null) {
            key.drop();
        }
        membership(groupMac(group), PACKET_DROP_MEMBERSHIP);
    }

    private static byte[] groupMac(Inet6Address group) {
        byte[] a = group.getAddress();
        return new byte[] {0x33, 0x33, a[12], a[13], a[14], a[15]};
    }

    /** struct packet_mreq {int mr_ifindex; unsigned short mr_type, mr_alen; unsigned char mr_address[8];}. */
    private void membership(byte[] group, int option) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(CAPTURE);
            MemorySegment mreq = a.allocate(16, 4);
            mreq.set(ValueLayout.JAVA_INT, 0, index);
            mreq.set(ValueLayout.JAVA_SHORT, 4, PACKET_MR_MULTICAST);
            mreq.set(ValueLayout.JAVA_SHORT, 6, (short) group.length);
            MemorySegment.copy(group, 0, mreq, ValueLayout.JAVA_BYTE, 8, group.length);
            if ((int) SETSOCKOPT.invokeExact(err, fd, SOL_PACKET, option, mreq, 16) < 0) {
                throw new IOException("setsockopt(PACKET_" + (option == PACKET_ADD_MEMBERSHIP ? "ADD" : "DROP")
                        + "_MEMBERSHIP) on " + name + " failed (errno " + errno(err) + ")");
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
        synchronized (this) {
            if (mld != null) {
                try {
                    mld.close();                                    // leaves every group it joined
                } catch (IOException e) {
                    // nothing more to do
                }
            }
        }
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(a.allocate(CAPTURE), fd);
        } catch (Throwable t) {
            // nothing more to do
        }
        arena.close();
    }
}
