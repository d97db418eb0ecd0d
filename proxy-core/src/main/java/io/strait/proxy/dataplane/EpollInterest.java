package io.strait.proxy.dataplane;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;

/**
 * Netty's epoll handler with one fix: a channel's interest set never becomes empty once its
 * descriptor is in epoll; it becomes {@code EPOLLERR} instead.
 *
 * <p>Why: Netty 4.2.18 (checked up to 4.2.21) removes a descriptor from epoll ({@code
 * EPOLL_CTL_DEL}) when a channel's interest set becomes empty, but its registration still counts
 * the descriptor as added, so the next interest is an {@code EPOLL_CTL_MOD} that fails with
 * ENOENT. A TCP channel's set becomes empty once its input is shut (peer FIN read: EPOLLIN and
 * EPOLLRDHUP cleared) while it has nothing queued to write. For a relay that is the side that ended
 * first: the other direction still writes to it, and the first write its socket cannot take at
 * once asks for EPOLLOUT, fails, and Netty shuts that output and drops what was queued (seen: the
 * response to a request ended by a half-close truncated; a 64 MiB transfer each way losing bytes,
 * then "Connection reset"/"Broken pipe" at the peers; see {@code HalfCloseTransferIT}).
 *
 * <p>{@code EPOLLERR} is what epoll reports anyway, so the descriptor stays in the set and later
 * interests modify it. The only events it can bring are errors and EPOLLHUP (both directions shut,
 * which the relay closes at once), as Netty did before it removed empty sets. Before a descriptor
 * was ever added (Netty adds it only once the channel is active) an empty set passes through.
 */
final class EpollInterest {
    private EpollInterest() {}

    /** Netty's epoll handler factory, wrapped. */
    static IoHandlerFactory wrap(IoHandlerFactory epoll) {
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(io.netty.util.concurrent.ThreadAwareExecutor executor) {
                return new Handler(epoll.newHandler(executor));
            }

            @Override
            public boolean isChangingThreadSupported() {
                return epoll.isChangingThreadSupported();
            }
        };
    }

    private record Handler(IoHandler delegate) implements IoHandler {
        @Override
        public void initialize() {
            delegate.initialize();
        }

        @Override
        public int run(IoHandlerContext context) {
            return delegate.run(context);
        }

        @Override
        public void prepareToDestroy() {
            delegate.prepareToDestroy();
        }

        @Override
        public void destroy() {
            delegate.destroy();
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            return new Registration(delegate.register(handle));
        }

        @Override
        public void wakeup() {
            delegate.wakeup();
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return delegate.isCompatible(handleType);
        }
    }

    /** Turns an empty interest set into EPOLLERR once the descriptor was added. */
    static final class Registration implements IoRegistration {
        private final IoRegistration delegate;
        private boolean added;

        Registration(IoRegistration delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> T attachment() {
            return delegate.attachment();
        }

        @Override
        public synchronized long submit(IoOps ops) {
            boolean empty = ((EpollIoOps) ops).value() == EpollIoOps.NONE.value();
            if (empty && added) {
                return delegate.submit(EpollIoOps.EPOLLERR);
            }
            long result = delegate.submit(ops);
            if (!empty && result >= 0) {
                added = true;
            }
            return result;
        }

        @Override
        public boolean isValid() {
            return delegate.isValid();
        }

        @Override
        public boolean cancel() {
            return delegate.cancel();
        }
    }
}
