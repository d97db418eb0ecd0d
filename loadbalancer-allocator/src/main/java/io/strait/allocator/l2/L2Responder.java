package io.strait.allocator.l2;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers ARP requests on one interface for the addresses this node announces, after MetalLB
 * {@code internal/layer2/arp.go}. {@link #announce} takes the whole desired set; an address that
 * becomes ours is announced at once with a gratuitous ARP, repeated every {@code garpInterval}
 * for {@code garpCount} sends, so neighbours switch to this node even before they ask.
 * Thread-safe: one reader thread; {@link #announce} from any thread.
 */
public final class ArpResponder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArpResponder.class);

    private final Link link;
    private final byte[] mac;
    private final ScheduledExecutorService scheduler;
    private final Duration garpInterval;
    private final int garpCount;
    private final Thread reader;
    private volatile Set<InetAddress> announced = Set.of();
    private volatile boolean running = true;
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong gratuitous = new AtomicLong();

    ArpResponder(Link link, ScheduledExecutorService scheduler, Duration garpInterval, int garpCount) {
        this.link = link;
        this.mac = link.mac();
        this.scheduler = scheduler;
        this.garpInterval = garpInterval;
        this.garpCount = garpCount;
        this.reader = Thread.ofPlatform().daemon().name("strait-arp-" + link.name()).start(this::readLoop);
    }

    /** Opens an AF_PACKET socket on the interface (needs CAP_NET_RAW); 5 gratuitous ARPs, 1 s apart. */
    public static ArpResponder open(String interfaceName, ScheduledExecutorService scheduler) throws IOException {
        return new ArpResponder(new PacketSocket(interfaceName), scheduler, Duration.ofSeconds(1), 5);
    }

    public byte[] mac() {
        return mac.clone();
    }

    /** Replaces the set of IPv4 addresses this interface answers for. */
    public synchronized void announce(Set<InetAddress> addresses) {
        Set<InetAddress> next = Set.copyOf(addresses);
        Set<InetAddress> added = new HashSet<>(next);
        added.removeAll(announced);
        announced = next;
        for (InetAddress ip : added) {
            log.info("announcing {} on {} ({})", ip.getHostAddress(), link.name(), ArpPacket.mac(mac));
            for (int i = 0; i < garpCount; i++) {
                scheduler.schedule(() -> {
                    if (announced.contains(ip)) {
                        sendQuietly(ArpPacket.gratuitous(mac, ip).encode());
                        gratuitous.incrementAndGet();
                    }
                }, garpInterval.toMillis() * i, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void readLoop() {
        byte[] buffer = new byte[2048];
        while (running) {
            try {
                int n = link.receive(buffer);
                ArpPacket p = n == 0 ? null : ArpPacket.parse(buffer, n);
                if (p != null && p.op() == ArpPacket.REQUEST && !p.isGratuitous()
                        && !java.util.Arrays.equals(p.senderMac(), mac) && announced.contains(p.targetIp())) {
                    link.send(p.replyFrom(mac).encode());
                    replies.incrementAndGet();
                }
            } catch (IOException e) {
                if (running) {
                    log.warn("ARP on {}: {}", link.name(), e.getMessage());
                    sleep();
                }
            }
        }
    }

    private void sendQuietly(byte[] frame) {
        try {
            link.send(frame);
        } catch (IOException e) {
            log.warn("gratuitous ARP on {}: {}", link.name(), e.getMessage());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long repliesSent() {
        return replies.get();
    }

    public long gratuitousSent() {
        return gratuitous.get();
    }

    @Override
    public void close() {
        running = false;
        announced = Set.of();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
    }
}
