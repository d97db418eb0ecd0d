package io.strait.proxy.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.FileRegion;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.AbstractReferenceCounted;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.WritableByteChannel;

/**
 * Zero-copy relaying of one direction of a {@link TcpRelay} on epoll: a pipe that {@code splice(2)}
 * (through the FFM API, no JNI) fills from the sending socket and empties into the receiving one.
 *
 * <p>Netty keeps doing what it does in copy mode (readiness, AUTO_READ, EOF, errors, half-close);
 * splice only takes over the bulk. Each {@code read()} still copies a first small buffer, and only
 * when that read filled the buffer (more is probably waiting) the relay splices what the socket
 * holds, up to the pipe's free room, into the pipe, and queues a {@link Region} for those bytes on
 * the receiving channel. Netty writes a region like any {@link FileRegion}: in order with the
 * copied buffers around it (so bytes leave in the order they came), again when the socket is
 * writable (EPOLLOUT), and a half-close or close waits behind it. Regions count by their size in
 * the outbound buffer ({@link #SIZES}), so writability backpressure works as in copy mode. EOF and
 * errors reach the relay as in copy mode: an EOF found by a splice is left for Netty's next read
 * to see, and an error (splice consumes the socket's pending error) is fired as an exception.
 *
 * <p>Why not Netty's own {@code AbstractEpollStreamChannel.spliceTo} (deprecated): its
 * {@code Native.splice} returns 0 both at EOF and when the socket or pipe would block, so a splice
 * of unknown length never completes at EOF; on EPOLLRDHUP it calls {@code shutdownInput} and fires
 * {@code ChannelInputShutdownEvent} after one splice pass, while up to a receive buffer of data
 * still waits in the socket (the relay then half-closed the other side: the "last 2 MiB lost");
 * a queued splice cannot be withdrawn to fall back to reads; and its queued writes count 8 bytes,
 * so writability never stops a fast sender.
 *
 * <p>A pipe is reference counted: the relay holds one reference and every queued region one, so
 * its descriptors close once the relay closed and the last region was written or discarded. Pipes
 * are opened lazily, on the first bulk read of a direction, so short request/response
 * connections cost no extra descriptors. Confined to the relay's event loop.
 */
final class SplicePipe extends AbstractReferenceCounted {
    /** The first, copied part of each read in splice mode. */
    static final int COPY_PART = 16 * 1024;
    /** Most bytes spliced per read, so a read adds at most {@link TcpFrontend#MAX_READ} like a copying one. */
    static final int MAX_SPLICE = TcpFrontend.MAX_READ - COPY_PART;
    private static final int PIPE_SIZE = 256 * 1024;

    /** Counts a queued {@link Region} by its bytes (Netty's default counts a FileRegion as 0). */
    static final MessageSizeEstimator SIZES = new MessageSizeEstimator() {
        private final Handle fallback = DefaultMessageSizeEstimator.DEFAULT.newHandle();
        private final Handle handle = msg -> msg instanceof Region r ? (int) r.count : fallback.size(msg);

        @Override
        public Handle newHandle() {
            return handle;
        }
    };

    private static final int SPLICE_F_MOVE = 1;
    private static final int SPLICE_F_NONBLOCK = 2;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int F_GETPIPE_SZ = 1032;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SPLICE;
    private static final MethodHandle PIPE2;
    private static final MethodHandle FCNTL;
    private static final MethodHandle CLOSE;
    private static final Throwable UNAVAILABILITY;

    static {
        MethodHandle splice = null;
        MethodHandle pipe2 = null;
        MethodHandle fcntl = null;
        MethodHandle close = null;
        Throwable cause = null;
        try {
            Linker linker = Linker.nativeLinker();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            var libc = linker.defaultLookup();
            splice = linker.downcallHandle(libc.find("splice").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), errno);
            pipe2 = linker.downcallHandle(libc.find("pipe2").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT), errno);
            fcntl = linker.downcallHandle(libc.find("fcntl").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2), errno);
            close = linker.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT));
            // open and close one pipe now, so a JVM without native access fails here and not per connection
            SplicePipe probe = open0(splice, pipe2, fcntl, close);
            int ignored = (int) close.invokeExact(probe.readFd);
            ignored = (int) close.invokeExact(probe.writeFd);
        } catch (Throwable t) {
            cause = t;
        }
        SPLICE = splice;
        PIPE2 = pipe2;
        FCNTL = fcntl;
        CLOSE = close;
        UNAVAILABILITY = cause;
    }

    /** Bytes moved into pipes since start (all relays): lets tests see that splicing happened. */
    private static final java.util.concurrent.atomic.LongAdder SPLICED = new java.util.concurrent.atomic.LongAdder();

    private final int readFd;
    private final int writeFd;
    private final int capacity;
    private final MemorySegment errno = Arena.ofAuto().allocate(CAPTURE);
    private int inPipe;

    private SplicePipe(int readFd, int writeFd, int capacity) {
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.capacity = capacity;
    }

    /** True when splice(2) relaying works in this JVM (Linux, native access allowed). */
    static boolean available() {
        return UNAVAILABILITY == null;
    }

    /** Why splice relaying is unavailable, or null. */
    static Throwable unavailabilityCause() {
        return UNAVAILABILITY;
    }

    /** A new non-blocking pipe (of 256 KiB where the limits allow), or an IOException (e.g. out of descriptors). */
    static SplicePipe open() throws IOException {
        if (UNAVAILABILITY != null) {
            throw new IOException("splice unavailable", UNAVAILABILITY);
        }
        return open0(SPLICE, PIPE2, FCNTL, CLOSE);
    }

    private static SplicePipe open0(MethodHandle splice, MethodHandle pipe2, MethodHandle fcntl, MethodHandle close)
            throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(CAPTURE);
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            if ((int) pipe2.invokeExact(err, fds, O_NONBLOCK | O_CLOEXEC) < 0) {
                throw Errors.newIOException("pipe2", -errno(err));
            }
            int r = fds.getAtIndex(ValueLayout.JAVA_INT, 0);
            int w = fds.getAtIndex(ValueLayout.JAVA_INT, 1);
            // a bigger pipe means fewer syscalls per byte; over the per-user pipe limits the kernel refuses (EPERM) or
            // gives a small pipe, both fine: use whatever size it has
            int ignored = (int) fcntl.invokeExact(err, w, F_SETPIPE_SZ, PIPE_SIZE);
            int size = (int) fcntl.invokeExact(err, w, F_GETPIPE_SZ, 0);
            return new SplicePipe(r, w, size > 0 ? size : 4096);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int errno(MemorySegment err) {
        return err.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }

    static long splicedBytes() {
        return SPLICED.sum();
    }

    static int fd(Channel ch) {
        return ((UnixChannel) ch).fd().intValue();
    }

    /**
     * Splices what the socket holds, up to the pipe's free room and {@link #MAX_SPLICE}, into the
     * pipe. Returns the bytes moved, 0 when there was nothing (would block, or EOF: Netty's next
     * read sees it), or throws on a socket error.
     */
    int fill(int socketFd) throws IOException {
        int room = Math.min(capacity - inPipe, MAX_SPLICE);
        if (room <= 0) {
            return 0;
        }
        long n = splice(socketFd, writeFd, room);
        if (n > 0) {
            inPipe += (int) n;
            SPLICED.add(n);
        }
        return (int) Math.max(n, 0);
    }

    /** A region for the next {@code n} bytes of this pipe, to write on {@code target}; it holds a reference. */
    Region region(int n, Channel target) {
        retain();
        return new Region(n, fd(target));
    }

    /** splice(in, out, len): bytes moved, 0 at EOF, -1 when it would block; throws on other errors. */
    private long splice(int in, int out, long len) throws IOException {
        for (;;) {
            long n;
            try {
                n = (long) SPLICE.invokeExact(errno, in, MemorySegment.NULL, out, MemorySegment.NULL, len,
                        SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (n >= 0) {
                return n;
            }
            int e = errno(errno);
            if (e == EAGAIN) {
                return -1;
            }
            if (e != EINTR) {
                throw Errors.newIOException("splice", -e);
            }
        }
    }

    @Override
    protected void deallocate() {
        try {
            int ignored = (int) CLOSE.invokeExact(readFd);
            ignored = (int) CLOSE.invokeExact(writeFd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public SplicePipe touch(Object hint) {
        return this;
    }

    /**
     * The next {@code count} bytes of the pipe, written to the channel's socket by splice when Netty
     * flushes it. The {@link WritableByteChannel} Netty passes is not used: the region splices into
     * the descriptor of the channel it was written to.
     */
    final class Region extends AbstractReferenceCounted implements FileRegion {
        private final long count;
        private final int targetFd;
        private long transferred;

        private Region(long count, int targetFd) {
            this.count = count;
            this.targetFd = targetFd;
        }

        @Override
        public long position() {
            return 0;
        }

        @Override
        @Deprecated
        public long transfered() {
            return transferred;
        }

        @Override
        public long transferred() {
            return transferred;
        }

        @Override
        public long count() {
            return count;
        }

        @Override
        public long transferTo(WritableByteChannel target, long position) throws IOException {
            long n = splice(readFd, targetFd, count - transferred);
            if (n <= 0) {
                return 0; // socket full: Netty waits for EPOLLOUT and calls again
            }
            transferred += n;
            inPipe -= (int) n;
            return n;
        }

        @Override
        protected void deallocate() {
            if (transferred < count) {
                // discarded unwritten (the channel closed): these bytes stay in the pipe, which is no longer usable
                inPipe = capacity;
            }
            SplicePipe.this.release();
        }

        @Override
        public Region retain() {
            super.retain();
            return this;
        }

        @Override
        public Region retain(int increment) {
            super.retain(increment);
            return this;
        }

        @Override
        public Region touch() {
            return this;
        }

        @Override
        public Region touch(Object hint) {
            return this;
        }
    }
}
