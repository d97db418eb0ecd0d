package io.strait.allocator.speaker;

import io.strait.allocator.bgp.Advertisement;
import io.strait.allocator.config.BgpPeer;
import io.strait.allocator.l2.L2Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * Speakers that only record: what each "interface" answers ARP for and what each BGP session holds,
 * for tests outside this package (one per simulated node). Interfaces named in {@link #missing}
 * fail to open, as an interface that does not exist. Thread-safe.
 */
public final class FakeSpeakers implements Speakers {
    /** Addresses answered for, by interface ("eth0"; "eth0/ndp" for its NDP responder; only open ones). */
    public final Map<String, Set<InetAddress>> l2 = new ConcurrentHashMap<>();
    /** Routes held, by BGPPeer name (only open sessions). */
    public final Map<String, List<Advertisement>> bgp = new ConcurrentHashMap<>();
    /** Interfaces that fail to open. */
    public final Set<String> missing = ConcurrentHashMap.newKeySet();

    /** Announcements over these fake speakers, retrying failed starts after retry (doubling). */
    public Announcements announcements(Duration retry) {
        return new Announcements(this, Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("fake-announce-retry").factory()), retry);
    }

    /** Every address answered for, on any interface. */
    public Set<InetAddress> answered() {
        return l2.values().stream().flatMap(Set::stream).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public L2 l2(String name, L2Protocol protocol) throws IOException {
        if (missing.contains(name)) {
            throw new IOException("no such interface");
        }
        String itf = protocol == L2Protocol.ARP ? name : name + "/ndp";
        l2.put(itf, Set.of());
        return new L2() {
            @Override
            public void announce(Set<InetAddress> addresses) {
                l2.put(itf, Set.copyOf(addresses));
            }

            @Override
            public void close() {
                l2.remove(itf);
            }
        };
    }

    @Override
    public Bgp bgp(BgpPeer peer, String nodeName) {
        bgp.put(peer.name(), List.of());
        return new Bgp() {
            @Override
            public void set(Collection<Advertisement> advertisements) {
                bgp.put(peer.name(), List.copyOf(advertisements));
            }

            @Override
            public boolean up() {
                return true;
            }

            @Override
            public long updatesSent() {
                return 0;
            }

            @Override
            public int prefixesAnnounced() {
                return bgp.getOrDefault(peer.name(), List.of()).size();
            }

            @Override
            public void close() {
                bgp.remove(peer.name());
            }
        };
    }

    @Override
    public List<String> defaultInterfaces() {
        return List.of("eth0");
    }

    @Override
    public void close() {
    }
}
