package io.strait.proxy.dataplane;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Arrays;
import java.util.List;

/**
 * The Netty transports Strait can run on, best first.
 *
 * <p>io_uring runs with one-shot POLL_ADD: this class sets {@value #URING_MULTISHOT_POLL} to false
 * (unless it is set already) before Netty's {@code IoUring} class reads it. With Netty 4.2.18's
 * default multishot POLLIN poll, a relay that pauses reading a side (backpressure, AUTO_READ off)
 * can hang on that side for good: the multishot poll stays armed during the pause and, being
 * edge-like, completes only on a new socket wake-up. When the peer resets during the pause (a FIN
 * takes the same path), Netty's POLLRDHUP handler drains the receive queue by itself but stops when the
 * queue is empty, before reading the EOF or ECONNRESET. The later {@code read()} then finds
 * {@code socketHasMoreData == false} and a poll still "scheduled", so it submits nothing, and a dead
 * socket never wakes the poll again (seen by reflection on a stuck channel: {@code ioState ==
 * POLL_IN_SCHEDULED}, {@code readPending == true}, no read outstanding). A one-shot poll is armed
 * afresh by that {@code read()}, and the kernel checks readiness when it is armed, so the pending
 * EOF/error is seen at once. The price is one poll SQE per read loop.
 */
public enum Transport {
    IO_URING("io_uring"),
    EPOLL("epoll"),
    NIO("nio");

    /** Netty's switch for IORING_POLL_ADD_MULTI; read once, when {@code IoUring} is initialised. */
    static final String URING_MULTISHOT_POLL = "io.netty.iouring.pollAddMultishotEnabled";

    static {
        if (System.getProperty(URING_MULTISHOT_POLL) == null) {
            System.setProperty(URING_MULTISHOT_POLL, "false");
        }
    }

    /**
     * Why this transport is unsafe for the relay in this JVM, or null: io_uring with multishot
     * POLL_ADD (set by hand, or {@code IoUring} initialised before this class).
     */
    public String relayHazard() {
        if (this == IO_URING && IoUring.isPollAddMultishotEnabled()) {
            return "io_uring multishot POLL_ADD is on (" + URING_MULTISHOT_POLL + "): a connection whose peer"
                    + " resets while its reads are paused by backpressure can hang until the idle timeout";
        }
        return null;
    }

    private final String wireName;

    Transport(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** True when this transport's native part loads on this machine. */
    public boolean available() {
        return switch (this) {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            case NIO -> true;
        };
    }

    /** Why it is unavailable, or null. */
    public Throwable unavailabilityCause() {
        return switch (this) {
            case IO_URING -> IoUring.unavailabilityCause();
            case EPOLL -> Epoll.unavailabilityCause();
            case NIO -> null;
        };
    }

    /** Every transport that works here, best first. */
    public static List<Transport> availableTransports() {
        return Arrays.stream(values()).filter(Transport::available).toList();
    }

    /** The best transport that works here. */
    public static Transport best() {
        return availableTransports().getFirst();
    }

    /** Parses {@code auto|io_uring|epoll|nio}; auto picks the best available. */
    public static Transport select(String name) {
        if (name == null || name.equals("auto")) {
            return best();
        }
        for (Transport t : values()) {
            if (t.wireName.equals(name)) {
                if (!t.available()) {
                    throw new IllegalArgumentException("transport " + name + " is not available here: "
                            + t.unavailabilityCause());
                }
                return t;
            }
        }
        throw new IllegalArgumentException("unknown transport \"" + name + "\" (allowed: auto, io_uring, epoll, nio)");
    }

    /**
     * The transport UDP frontends and flows run on under this one: epoll for io_uring, else itself.
     * Netty 4.2.18's {@code IoUringDatagramChannel} is heavy per socket, and Strait opens one socket
     * per UDP flow: each channel preallocates two arrays of 256 msghdr slots (msghdr, sockaddr_storage,
     * iovec and a cmsg each, about 115 KiB of native memory plus 512 Java objects), and io_uring keeps
     * a receive submitted ahead with its 64 KiB buffer held while the flow waits for a reply. Measured
     * (UdpFlowMemory, 15,200 one-datagram flows): +400 KiB of RSS per flow on io_uring, +5 KiB on epoll.
     * TCP stays on io_uring.
     */
    public Transport datagramTransport() {
        return this == IO_URING && EPOLL.available() ? EPOLL : this;
    }

    /** The event loops' I/O handler; epoll's keeps half-closed channels in epoll ({@link EpollInterest}). */
    public IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollInterest.wrap(EpollIoHandler.newFactory());
            case NIO -> NioIoHandler.newFactory();
        };
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return switch (this) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends SocketChannel> socketChannel() {
        return switch (this) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return switch (this) {
            case IO_URING -> IoUringDatagramChannel.class;
            case EPOLL -> EpollDatagramChannel.class;
            case NIO -> NioDatagramChannel.class;
        };
    }
}
