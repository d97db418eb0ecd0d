package io.strait.allocator.l2;

import java.io.IOException;
import java.net.Inet6Address;

/** One interface's raw ARP or NDP traffic: the seam between {@link L2Responder} and the kernel. */
interface Link extends AutoCloseable {
    byte[] mac();

    String name();

    /** Blocks until a frame arrives (or a short timeout: returns 0); returns its length. */
    int receive(byte[] buffer) throws IOException;

    void send(byte[] frame) throws IOException;

    /** Receives frames sent to this IPv6 multicast group too, until {@link #leaveGroup} or close. */
    void joinGroup(Inet6Address group) throws IOException;

    void leaveGroup(Inet6Address group) throws IOException;

    @Override
    void close();
}
