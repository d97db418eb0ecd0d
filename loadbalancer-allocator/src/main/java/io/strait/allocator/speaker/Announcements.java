package io.strait.allocator.speaker;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.strait.allocator.announce.AnnouncementPlan;
import io.strait.allocator.announce.AnnouncementPlanner;
import io.strait.allocator.bgp.Advertisement;
import io.strait.allocator.config.BgpPeer;
import io.strait.allocator.config.Config;
import io.strait.allocator.config.Selector;
import io.strait.allocator.l2.AnnouncerChoice.NodeView;
import io.strait.allocator.l2.L2Protocol;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.problem.ProblemLog;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the network send this node the LoadBalancer IPs it should answer for, after MetalLB's
 * speaker: {@link #update} takes the whole desired state (configuration, the Services' assigned
 * IPs, the nodes, local endpoints), plans it ({@link AnnouncementPlanner}) and reconciles one
 * responder per interface and protocol — ARP for IPv4, NDP for IPv6 addresses — (opened when the
 * interface gets its first address of that family, closed when it has none left) and one BGP session per BGPPeer whose nodeSelectors select this node (a changed
 * peer is reconnected; each session gets its whole route set with {@code set}). An L2Advertisement
 * without {@code interfaces} answers on every interface that is up, not loopback and has a MAC
 * address. A failure (no such interface, raw sockets not permitted) is logged once naming the
 * interface, counted in {@link #problems()}, and retried with the last inputs after a back-off
 * (1 s doubling to 30 s, reset once everything started) as well as on the next update; it never
 * throws. Thread-safe: {@link #update}, the retries and {@link #close} are synchronized; metrics
 * read volatile maps.
 */
public final class Announcements implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Announcements.class);

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private record Session(BgpPeer peer, Speakers.Bgp bgp) {}

    /** One responder: an interface and the protocol of one address family. */
    private record L2Key(String itf, L2Protocol protocol) {
        static final Comparator<L2Key> ORDER = Comparator.comparing(L2Key::itf).thenComparing(L2Key::protocol);
    }
    private record Inputs(Config config, ClusterState state, List<NodeView> nodes, String self) {}

    private final Speakers speakers;
    private final ScheduledExecutorService retries;
    private final Duration firstRetry;
    private final ProblemLog problems = new ProblemLog(LoggerFactory.getLogger("io.strait.daemon.Announcements"),
            "announcements");
    private final Map<L2Key, Speakers.L2> responders = new TreeMap<>(L2Key.ORDER);
    private final Map<String, Session> sessions = new TreeMap<>();
    private volatile Map<L2Key, Integer> l2Counts = Map.of();
    private volatile Map<String, Session> sessionView = Map.of();
    private AnnouncementPlan last = new AnnouncementPlan(Map.of(), Map.of());
    private List<String> loggedDefaults = List.of();
    private Inputs inputs;
    private ScheduledFuture<?> retry;
    private Duration nextRetry;
    private boolean closed;

    /** Real ARP/NDP responders and BGP sessions. */
    public Announcements() {
        this(new KernelSpeakers());
    }

    public Announcements(Speakers speakers) {
        this(speakers, Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("strait-announce-retry").factory()), FIRST_RETRY);
    }

    /** @param retries runs the retries of speakers that failed to start (shut down by {@link #close}) */
    public Announcements(Speakers speakers, ScheduledExecutorService retries, Duration firstRetry) {
        this.speakers = speakers;
        this.retries = retries;
        this.firstRetry = firstRetry;
        this.nextRetry = firstRetry;
    }

    /**
     * Announces what state (the LoadBalancer IPs being served, slices for local endpoints) asks of
     * this node (named self) under config, choosing L2 announcers among nodes as given: their
     * readiness and labels, this node's included (its labels select BGPPeers; absent, it announces
     * by L2 nothing and by BGP nothing).
     */
    public synchronized void update(Config config, ClusterState state, Collection<NodeView> nodes, String self) {
        inputs = new Inputs(config, state, List.copyOf(nodes), self);
        apply();
    }

    private void apply() {
        if (closed || inputs == null) {
            return;
        }
        Map<String, String> labels = inputs.nodes().stream().filter(n -> n.name().equals(inputs.self())).findFirst()
                .map(NodeView::labels).orElse(Map.of());
        AnnouncementPlan plan = AnnouncementPlanner.plan(inputs.config(),
                AnnouncementInputs.services(inputs.config(), inputs.state()), inputs.nodes(), inputs.self());
        List<String> found = new ArrayList<>();
        applyL2(plan.l2ByInterface(), found);
        applyBgp(inputs.config(), plan.bgpByPeer(), labels, found);
        List<String> all = new ArrayList<>(plan.problems());
        all.addAll(found);
        problems.reportMessages(all);
        if (!plan.equals(last)) {
            log.info("announcing: L2 {} BGP {}", plan.l2ByInterface(), plan.bgpByPeer().keySet());
            last = plan;
        }
        scheduleRetry(!found.isEmpty());
    }

    /** After a failed start, re-applies the newest inputs after a growing delay; a clean apply resets it. */
    private void scheduleRetry(boolean failed) {
        if (!failed) {
            nextRetry = firstRetry;
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
            return;
        }
        if (retry != null) {
            return; // one is already due
        }
        Duration delay = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextRetry.multipliedBy(2);
        log.debug("retrying the announcements that failed in {}", delay);
        try {
            retry = retries.schedule(this::retryNow, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            retry = null; // closing
        }
    }

    private synchronized void retryNow() {
        retry = null;
        apply();
    }

    private void applyL2(Map<String, Set<InetAddress>> planned, List<String> found) {
        Map<L2Key, Set<InetAddress>> wanted = new TreeMap<>(L2Key.ORDER);
        planned.forEach((itf, ips) -> {
            List<String> names = List.of(itf);
            if (AnnouncementPlan.ALL_INTERFACES.equals(itf)) {
                names = defaultInterfaces(found);
            }
            for (String n : names) {
                ips.forEach(ip -> wanted.computeIfAbsent(new L2Key(n, L2Protocol.of(ip)), k -> new HashSet<>()).add(ip));
            }
        });
        for (var it = responders.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!wanted.containsKey(e.getKey())) {
                log.info("L2: no addresses left on {}; closing its {} responder", e.getKey().itf(), e.getKey().protocol());
                e.getValue().close();
                it.remove();
            }
        }
        Map<L2Key, Integer> counts = new TreeMap<>(L2Key.ORDER);
        wanted.forEach((key, ips) -> {
            Speakers.L2 responder = responders.get(key);
            if (responder == null) {
                try {
                    responder = speakers.l2(key.itf(), key.protocol());
                    responders.put(key, responder);
                } catch (IOException | RuntimeException e) {
                    found.add("L2Advertisement: interface " + key.itf() + ": cannot answer " + key.protocol() + " there ("
                            + e.getMessage() + "; needs the interface to exist and CAP_NET_RAW); not announcing "
                            + sorted(ips));
                    return;
                }
            }
            responder.announce(ips);
            counts.put(key, ips.size());
        });
        l2Counts = Collections.unmodifiableMap(counts);
    }

    private List<String> defaultInterfaces(List<String> found) {
        try {
            List<String> names = speakers.defaultInterfaces();
            if (!names.equals(loggedDefaults)) {
                log.info("L2Advertisement without interfaces: answering ARP/NDP on {}", names);
                loggedDefaults = names;
            }
            return names;
        } catch (IOException e) {
            found.add("L2Advertisement: cannot list network interfaces: " + e.getMessage());
            return List.of();
        }
    }

    private void applyBgp(Config config, Map<String, List<Advertisement>> planned, Map<String, String> labels,
                          List<String> found) {
        Map<String, BgpPeer> selected = new LinkedHashMap<>();
        for (BgpPeer peer : config.bgpPeers()) {
            if (peer.nodeSelectors().isEmpty() || peer.nodeSelectors().stream().anyMatch((Selector s) -> s.matches(labels))) {
                selected.put(peer.name(), peer);
            }
        }
        for (var it = sessions.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().peer().equals(selected.get(e.getKey()))) {
                log.info("BGP: closing the session with BGPPeer {} ({})", e.getKey(),
                        selected.containsKey(e.getKey()) ? "its definition changed" : "no longer selected");
                e.getValue().bgp().close();
                it.remove();
            }
        }
        selected.forEach((name, peer) -> {
            Session session = sessions.get(name);
            if (session == null) {
                try {
                    log.info("BGP: session with BGPPeer {} ({}:{}, AS {})", name, peer.peerAddress().getHostAddress(),
                            peer.peerPort(), peer.peerAsn());
                    session = new Session(peer, speakers.bgp(peer, inputs.self()));
                    sessions.put(name, session);
                } catch (RuntimeException e) {
                    found.add("BGPPeer " + name + ": cannot start a session (" + e.getMessage() + ")");
                    return;
                }
            }
            session.bgp().set(planned.getOrDefault(name, List.of()));
        });
        sessionView = Map.copyOf(sessions);
    }

    private static List<String> sorted(Set<InetAddress> ips) {
        return ips.stream().map(InetAddress::getHostAddress).sorted().toList();
    }

    /** Conflicts in the plan and interfaces or peers that could not be served at the last update, as logged. */
    public List<String> problems() {
        return problems.current();
    }

    /** Addresses answered for per interface, by protocol (ARP for IPv4, NDP for IPv6). */
    public Map<String, Map<L2Protocol, Integer>> l2Addresses() {
        Map<String, Map<L2Protocol, Integer>> view = new TreeMap<>();
        l2Counts.forEach((key, n) -> view.computeIfAbsent(key.itf(), k -> new EnumMap<>(L2Protocol.class))
                .put(key.protocol(), n));
        return view;
    }

    /** Whether each selected BGPPeer's session is Established. */
    public Map<String, Boolean> bgpUp() {
        Map<String, Boolean> up = new TreeMap<>();
        sessionView.forEach((name, s) -> up.put(name, s.bgp().up()));
        return up;
    }

    /** strait_bgp_session_up, strait_bgp_updates_sent_total, strait_bgp_prefixes_announced, strait_l2_announced_addresses. */
    public Announcements register(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("strait_bgp_session_up")
                .help("1 while the BGP session with the BGPPeer is Established, else 0").labelNames("peer")
                .callback(cb -> sessionView.forEach((name, s) -> cb.call(s.bgp().up() ? 1 : 0, name)))
                .register(registry);
        CounterWithCallback.builder().name("strait_bgp_updates_sent")
                .help("BGP UPDATE messages sent to the BGPPeer (announcements and withdrawals)").labelNames("peer")
                .callback(cb -> sessionView.forEach((name, s) -> cb.call(s.bgp().updatesSent(), name)))
                .register(registry);
        GaugeWithCallback.builder().name("strait_bgp_prefixes_announced")
                .help("Prefixes the BGPPeer currently holds from this node").labelNames("peer")
                .callback(cb -> sessionView.forEach((name, s) -> cb.call(s.bgp().prefixesAnnounced(), name)))
                .register(registry);
        GaugeWithCallback.builder().name("strait_l2_announced_addresses")
                .help("LoadBalancer addresses this node answers for, per interface and protocol (arp: IPv4, ndp: IPv6)")
                .labelNames("interface", "protocol")
                .callback(cb -> l2Counts.forEach((key, n) -> cb.call(n, key.itf(), key.protocol().name().toLowerCase())))
                .register(registry);
        return this;
    }

    /** Stops answering ARP/NDP and closes every BGP session (the peers withdraw the routes). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (retry != null) {
            retry.cancel(false);
        }
        retries.shutdownNow();
        responders.values().forEach(Speakers.L2::close);
        responders.clear();
        sessions.values().forEach(s -> s.bgp().close());
        sessions.clear();
        l2Counts = Map.of();
        sessionView = Map.of();
        speakers.close();
    }
}
