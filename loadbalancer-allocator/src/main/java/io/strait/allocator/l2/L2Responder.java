package io.strait.allocator.l2;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers ARP requests (IPv4) or neighbour solicitations (IPv6) on one interface for the addresses
 * this node announces, after MetalLB {@code internal/layer2/arp.go} and {@code ndp.go}.
 * {@link #announce} takes the whole desired set; an address that becomes ours is announced at once
 * (gratuitous ARP, or unsolicited neighbour advertisement with Override), repeated every
 * {@code interval} for {@code count} sends, so neighbours switch to this node even before they ask.
 * For NDP the interface also joins each address's solicited-node group, which it does not receive
 * otherwise on NICs that filter multicast or behind switches that snoop MLD, and leaves it when no
 * announced address needs it. Thread-safe: one reader thread; {@link #announce}
 * from any thread.
 */
public final class L2Responder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(L2Responder.class);

    private final Link link;
    private final L2Protocol protocol;
    private final byte[] mac;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final int count;
    private final Thread reader;
    private volatile Set<InetAddress> announced = Set.of();
    private volatile boolean running = true;
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong announcements = new AtomicLong();

    L2Responder(Link link, L2Protocol protocol, ScheduledExecutorService scheduler, Duration interval, int count) {
        this.link = link;
        this.protocol = protocol;
        this.mac = link.mac();
        this.scheduler = scheduler;
        this.interval = interval;
        this.count = count;
        this.reader = Thread.ofPlatform().daemon().name("strait-" + protocol.name().toLowerCase() + "-" + link.name())
                .start(this::readLoop);
    }

    /** Opens an AF_PACKET socket on the interface (needs CAP_NET_RAW); 5 announcements, 1 s apart. */
    public static L2Responder open(String interfaceName, L2Protocol protocol, ScheduledExecutorService scheduler)
            throws IOException {
        return new L2Responder(new PacketSocket(interfaceName, protocol), protocol, scheduler, Duration.ofSeconds(1), 5);
    }

    public L2Protocol protocol() {
        return protocol;
    }

    public byte[] mac() {
        return mac.clone();
    }

    /** Replaces the set of addresses this interface answers for; all of the protocol's family. */
    public synchronized void announce(Set<InetAddress> addresses) {
        List<InetAddress> foreign = addresses.stream().filter(ip -> !protocol.speaksFor(ip)).toList();
        if (!foreign.isEmpty()) {
            throw new IllegalArgumentException(protocol + " on " + link.name() + " cannot announce " + foreign);
        }
        Set<InetAddress> next = Set.copyOf(addresses);
        Set<InetAddress> added = new HashSet<>(next);
        added.removeAll(announced);
        Set<Inet6Address> groups = groups(next);
        Set<Inet6Address> held = groups(announced);
        held.stream().filter(g -> !groups.contains(g)).forEach(g -> membership(g, false));
        groups.stream().filter(g -> !held.contains(g)).forEach(g -> membership(g, true));
        announced = next;
        for (InetAddress ip : added) {
            log.info("announcing {} on {} ({}, {})", ip.getHostAddress(), link.name(), protocol, ArpPacket.mac(mac));
            for (int i = 0; i < count; i++) {
                scheduler.schedule(() -> {
                    synchronized (this) { // close() takes the lock: never a send on a closed socket
                        if (running && announced.contains(ip)) {
                            sendQuietly(protocol.announcement(mac, ip));
                            announcements.incrementAndGet();
                        }
                    }
                }, interval.toMillis() * i, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The groups a set of addresses needs (two addresses may share one: their low 24 bits). */
    private Set<Inet6Address> groups(Set<InetAddress> addresses) {
        Set<Inet6Address> groups = new HashSet<>();
        addresses.forEach(ip -> protocol.group(ip).ifPresent(groups::add));
        return groups;
    }

    private void membership(Inet6Address group, boolean join) {
        try {
            if (join) {
                link.joinGroup(group);
            } else {
                link.leaveGroup(group);
            }
        } catch (IOException e) {
            log.warn("{} on {}: cannot {} the multicast group {}: {}", protocol, link.name(), join ? "join" : "leave",
                    group.getHostAddress(), e.getMessage());
        }
    }

    private void readLoop() {
        byte[] buffer = new byte[2048];
        while (running) {
            try {
                int n = link.receive(buffer);
                if (n > 0) {
                    var answer = protocol.answer(buffer, n, mac, announced);
                    if (answer.isPresent()) {
                        link.send(answer.get());
                        replies.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                if (running) {
                    log.warn("{} on {}: {}", protocol, link.name(), e.getMessage());
                    sleep();
                }
            }
        }
    }

    private void sendQuietly(byte[] frame) {
        try {
            link.send(frame);
        } catch (IOException e) {
            log.warn("{} announcement on {}: {}", protocol, link.name(), e.getMessage());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** ARP replies or neighbour advertisements sent in answer to a request. */
    public long repliesSent() {
        return replies.get();
    }

    /** Gratuitous ARPs or unsolicited neighbour advertisements sent. */
    public long announcementsSent() {
        return announcements.get();
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
            announced = Set.of();
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
    }
}
