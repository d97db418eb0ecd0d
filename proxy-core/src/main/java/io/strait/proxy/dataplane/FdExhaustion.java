package io.strait.proxy.dataplane;

import io.netty.channel.unix.Errors;

/**
 * Recognises the proxy's own descriptor exhaustion (EMFILE: the process limit, ENFILE: the system's)
 * in an exception or its causes, whatever the transport reports it as: Netty's native
 * {@code NativeIoException} carries the errno; NIO and channel constructors give the OS message.
 * Such a failure says nothing about the peer: a connection it hits is refused and counted, and no
 * endpoint is blamed for it.
 */
final class FdExhaustion {
    private static final int EMFILE = 24;
    private static final int ENFILE = 23;

    private FdExhaustion() {}

    static boolean is(Throwable t) {
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
            if (t instanceof Errors.NativeIoException n) {
                int errno = Math.abs(n.expectedErr());
                if (errno == EMFILE || errno == ENFILE) {
                    return true;
                }
            }
            String m = t.getMessage();
            if (m != null && m.contains("Too many open files")) { // strerror of both EMFILE and ENFILE
                return true;
            }
        }
        return false;
    }
}
