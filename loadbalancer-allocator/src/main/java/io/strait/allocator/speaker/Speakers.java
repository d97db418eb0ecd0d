package io.strait.allocator.speaker;

import io.strait.allocator.bgp.Advertisement;
import io.strait.allocator.config.BgpPeer;
import io.strait.allocator.l2.L2Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The seam between {@link Announcements} and the kernel: ARP/NDP responders, BGP sessions, interfaces. */
public interface Speakers extends AutoCloseable {
    /** Answers ARP (IPv4) or NDP (IPv6) for a set of addresses on one interface. */
    interface L2 extends AutoCloseable {
        void announce(Set<InetAddress> addresses);

        @Override
        void close();
    }

    /** One BGP session. */
    interface Bgp extends AutoCloseable {
        void set(Collection<Advertisement> advertisements);

        boolean up();

        long updatesSent();

        int prefixesAnnounced();

        @Override
        void close();
    }

    /** Opens a responder; fails when the interface does not exist or raw sockets are not allowed. */
    L2 l2(String interfaceName, L2Protocol protocol) throws IOException;

    /** Starts a session from this node (named nodeName: see BgpSession.Settings) to the peer; it reconnects on its own. */
    Bgp bgp(BgpPeer peer, String nodeName);

    /** The interfaces an L2Advertisement without {@code interfaces} answers on. */
    List<String> defaultInterfaces() throws IOException;

    @Override
    void close();
}
