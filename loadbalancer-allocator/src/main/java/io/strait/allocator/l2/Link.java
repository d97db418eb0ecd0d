package io.strait.allocator.l2;

import java.io.IOException;

/** One interface's raw ARP traffic: the seam between {@link ArpResponder} and the kernel. */
interface Link extends AutoCloseable {
    byte[] mac();

    String name();

    /** Blocks until a frame arrives (or a short timeout: returns 0); returns its length. */
    int receive(byte[] buffer) throws IOException;

    void send(byte[] frame) throws IOException;

    @Override
    void close();
}
