package io.strait.daemon.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.strait.allocator.bgp.Advertisement;
import io.strait.allocator.k8s.MetalLbKinds;
import io.strait.allocator.k8s.MockApiServer;
import io.strait.allocator.l2.AnnouncerChoice;
import io.strait.allocator.speaker.AnnouncementInputs;
import io.strait.allocator.speaker.FakeSpeakers;
import io.strait.allocator.speaker.LoadBalancerAnnouncer;
import io.strait.allocator.speaker.LoadBalancing;
import io.strait.allocator.speaker.SpeakerLeases;
import io.strait.daemon.ProxyOptions;
import io.strait.daemon.loadbalancer.AllocatorFlags;
import io.strait.lb.Algorithm;
import io.strait.proxy.dataplane.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Kubernetes-mode announcing against fabric8's mock API server (CRUD): two simulated nodes, each a
 * whole {@code strait proxy} (informers, sync, announcer) with recording speakers, share one API
 * server. Exactly one node answers ARP for each LoadBalancer IP — the one {@link AnnouncerChoice}
 * picks among the Ready nodes — whoever wrote the Service's status; BGP routes follow
 * externalTrafficPolicy Local; an invalid configuration keeps the last good one announced.
 * Service ports are UDP (SO_REUSEPORT) so both in-process nodes can bind the same addresses.
 */
class LoadBalancerAnnouncerIT {
    static final String NS = "metallb-system";
    static final List<String> NODES = List.of("node-a", "node-b");

    KubernetesMockServer server;
    KubernetesClient admin;
    final List<AutoCloseable> closeables = new ArrayList<>();
    final Map<String, FakeSpeakers> speakers = new LinkedHashMap<>();
    final Map<String, LoadBalancing> loadBalancing = new LinkedHashMap<>();
    final Map<String, KubernetesProxy> proxies = new LinkedHashMap<>();
    /** Speaker Leases: long enough that only a deletion (or a test that shortens it) moves addresses. */
    SpeakerLeases.Timings timings = new SpeakerLeases.Timings(Duration.ofSeconds(30), Duration.ofMillis(500));
    /** The clock the nodes judge speaker Leases by: real, unless a test moves it by hand. */
    InstantSource clock = Clock.systemUTC();

    @BeforeEach
    void apiServer() {
        server = MockApiServer.start();
        admin = server.createClient();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        admin.close();
        MockApiServer.destroy(server);
    }

    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20));
    }

    /** Starts a node: a whole proxy with the given flags and recording speakers. */
    void startNode(String name, String... flags) throws Exception {
        KubernetesClient client = server.createClient();
        closeables.add(client);
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        AllocatorFlags parsed = new AllocatorFlags();
        new CommandLine(parsed).parseArgs(flags);
        FakeSpeakers fake = new FakeSpeakers();
        LoadBalancing lb = LoadBalancing.start(parsed.settings(), client, name,
                parsed.announce() ? fake.announcements(Duration.ofMillis(50)) : null, timings, clock);
        KubernetesProxy proxy = KubernetesProxy.start(client, new ProxyOptions(name, any, any, List.of("127.0.0.1/32"),
                Transport.best(), Algorithm.ROUND_ROBIN, Duration.ofMillis(10), Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(30)), null, lb);
        closeables.add(proxy);
        closeables.add(lb);
        speakers.put(name, fake);
        loadBalancing.put(name, lb);
        proxies.put(name, proxy);
        assertThat(proxy.awaitSynced(Duration.ofSeconds(20))).isTrue();
    }

    void node(String name, String ready) {
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("rack", "r-" + name)).endMetadata().withStatus(status(ready)).build()).create();
    }

    /** The kubelet reports (or the node controller marks) the node's readiness. */
    void ready(String name, String ready) {
        admin.nodes().withName(name).editStatus(n -> {
            n.setStatus(status(ready));
            return n;
        });
    }

    static NodeStatus status(String ready) {
        return new NodeStatusBuilder().withConditions(new NodeConditionBuilder().withType("Ready")
                .withStatus(ready).build()).build();
    }

    void metallb(ResourceDefinitionContext kind, String name, Map<String, Object> spec) {
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder()
                .withApiVersion(kind.getGroup() + "/" + kind.getVersion()).withKind(kind.getKind())
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", spec).build();
        admin.genericKubernetesResources(kind).inNamespace(NS).resource(r).createOr(x -> x.update());
    }

    void pool(String... addresses) {
        metallb(MetalLbKinds.ALL.get(0), "p", Map.of("addresses", List.of(addresses)));
    }

    void l2() {
        metallb(MetalLbKinds.ALL.get(1), "l2", Map.of("ipAddressPools", List.of("p"), "interfaces", List.of("eth0")));
    }

    /**
     * A UDP LoadBalancer Service; ingress as written by an allocator (possibly an earlier run). It
     * gets one ready endpoint on no particular node (a Service without one is not announced).
     */
    void service(String name, int clusterIpHost, boolean local, String... ingress) {
        slice(name, null, true);
        Service s = new ServiceBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("127.77.20." + clusterIpHost)
                .withClusterIPs("127.77.20." + clusterIpHost).withExternalTrafficPolicy(local ? "Local" : "Cluster")
                .addNewPort().withName("dns").withProtocol("UDP").withPort(5353).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().withIngress(List.of(ingress).stream()
                        .map(ip -> new LoadBalancerIngressBuilder().withIp(ip).build()).toList())
                .endLoadBalancer().endStatus().build();
        admin.services().inNamespace("shop").resource(s).createOr(x -> x.update());
    }

    void slice(String service, String node) {
        slice(service, node, true);
    }

    void slice(String service, String node, boolean ready) {
        admin.discovery().v1().endpointSlices().inNamespace("shop").resource(new EndpointSliceBuilder()
                .withNewMetadata().withNamespace("shop").withName(service + "-1")
                .withLabels(Map.of("kubernetes.io/service-name", service)).endMetadata()
                .withAddressType("IPv4").addNewPort().withName("dns").withPort(5353).withProtocol("UDP").endPort()
                .withEndpoints(new EndpointBuilder().withAddresses("127.78.20.1").withNodeName(node)
                        .withNewConditions().withReady(ready).endConditions().build())
                .build()).createOr(x -> x.update());
    }

    /** The nodes whose speakers answer ARP for ip. */
    Set<String> announcers(String ip) {
        Set<String> out = new TreeSet<>();
        speakers.forEach((node, fake) -> {
            if (fake.answered().contains(InetAddress.ofLiteral(ip))) {
                out.add(node);
            }
        });
        return out;
    }

    static String choice(String ip, List<String> eligible) {
        return AnnouncerChoice.choose(InetAddress.ofLiteral(ip), eligible);
    }

    /** The first address of 127.79.0.0/24 whose announcer among both nodes would be node. */
    static String addressChosenFor(String node) {
        return addressChosenFor(node, NODES);
    }

    /** The first address of 127.79.0.0/24 whose announcer among the eligible nodes would be node. */
    static String addressChosenFor(String node, List<String> eligible) {
        for (int i = 1; i < 255; i++) {
            if (choice("127.79.0." + i, eligible).equals(node)) {
                return "127.79.0." + i;
            }
        }
        throw new AssertionError("no address for " + node);
    }

    /** Ready Nodes node-a and node-b, a /24 pool with L2 on eth0, and Service web on the address chosen for one of them. */
    String twoReadyNodesAndAServiceChosenFor(String chosen) throws Exception {
        node("node-a", "True");
        node("node-b", "True");
        String ip = addressChosenFor(chosen);
        pool("127.79.0.0/24");
        l2();
        service("web", 1, false, ip);
        return ip;
    }

    /**
     * Two Ready nodes announcing one Service whose address node-a is chosen for (a /24 pool, L2 on
     * eth0); returns that address once node-a answers for it.
     */
    String twoNodesWithNodeAAnnouncing() throws Exception {
        String ip = twoReadyNodesAndAServiceChosenFor("node-a");
        startNode("node-a", "--announce-load-balancers");
        startNode("node-b", "--announce-load-balancers");
        eventually().untilAsserted(() -> assertThat(announcers(ip)).containsExactly("node-a"));
        return ip;
    }

    @Test
    void everyNodeAnnouncesFromServiceStatusWhoeverWroteItExactlyOneAnswerPerIp() throws Exception {
        node("node-a", "True");
        node("node-b", "True");
        pool("127.79.0.0/24");
        l2();
        List<String> ips = List.of("127.79.0.1", "127.79.0.2", "127.79.0.3", "127.79.0.4", "127.79.0.5");
        for (int i = 0; i < ips.size(); i++) {
            service("s" + i, i + 1, false, ips.get(i)); // status from an earlier run; nobody allocates now
        }
        service("foreign", 9, false, "192.0.2.9");        // outside every pool: not ours to announce
        startNode("node-a", "--announce-load-balancers");
        startNode("node-b", "--announce-load-balancers");

        eventually().untilAsserted(() -> {
            for (String ip : ips) {
                assertThat(announcers(ip)).as(ip).containsExactly(choice(ip, NODES));
            }
        });
        assertThat(announcers("192.0.2.9")).isEmpty();
        assertThat(speakers.values()).allSatisfy(f -> assertThat(f.l2).containsOnlyKeys("eth0"));
        assertThat(ips.stream().map(ip -> choice(ip, NODES)).distinct()).as("both nodes get a share").hasSize(2);

        admin.services().inNamespace("shop").withName("s0").delete();
        eventually().untilAsserted(() -> assertThat(announcers(ips.getFirst())).isEmpty());
    }

    @Test
    void aServiceWhoseEndpointsAreAllUnreadyIsAnnouncedByNoNode() throws Exception {
        node("node-a", "True");
        node("node-b", "True");
        pool("127.79.0.0/24");
        l2();
        service("web", 1, false, "127.79.0.1");
        startNode("node-a", "--announce-load-balancers");
        startNode("node-b", "--announce-load-balancers");
        eventually().untilAsserted(() -> assertThat(announcers("127.79.0.1")).hasSize(1));

        slice("web", null, false);                                              // the last endpoint goes unready
        eventually().untilAsserted(() -> assertThat(announcers("127.79.0.1")).isEmpty());
        slice("web", "node-b", true);
        eventually().untilAsserted(() -> assertThat(announcers("127.79.0.1"))
                .containsExactly(choice("127.79.0.1", NODES)));
    }

    void excludeFromExternalLoadBalancers(String node) {
        admin.nodes().withName(node).edit(n -> {
            n.getMetadata().getLabels().put(AnnouncementInputs.EXCLUDE_LABEL, "");
            return n;
        });
    }

    @Test
    void nodesLabelledExcludeFromExternalLoadBalancersAnnounceNothingAndSaySo() throws Exception {
        node("node-a", "True");
        node("node-b", "True");
        excludeFromExternalLoadBalancers("node-a");
        excludeFromExternalLoadBalancers("node-b");
        pool("127.79.0.0/24");
        l2();
        service("web", 1, false, "127.79.0.1");
        startNode("node-a", "--announce-load-balancers");
        startNode("node-b", "--announce-load-balancers");
        eventually().untilAsserted(() -> assertThat(loadBalancing.get("node-a").problems()).anySatisfy(p -> assertThat(p)
                .isEqualTo("Node node-a: labelled node.kubernetes.io/exclude-from-external-load-balancers, so this node"
                        + " announces no LoadBalancer IP (--ignore-exclude-lb announces all the same)")));
        long until = System.nanoTime() + Duration.ofMillis(500).toNanos();    // and keeps announcing nothing
        while (System.nanoTime() < until) {
            assertThat(announcers("127.79.0.1")).isEmpty();
            Thread.sleep(50);
        }
    }

    @Test
    void withIgnoreExcludeLbLabelledNodesAnnounceAsAnyOther() throws Exception {
        node("node-a", "True");
        node("node-b", "True");
        excludeFromExternalLoadBalancers("node-a");                            // kubeadm's control-plane nodes
        excludeFromExternalLoadBalancers("node-b");
        pool("127.79.0.0/24");
        l2();
        service("web", 1, false, "127.79.0.1");
        startNode("node-a", "--announce-load-balancers", "--ignore-exclude-lb");
        startNode("node-b", "--announce-load-balancers", "--ignore-exclude-lb");
        eventually().untilAsserted(() -> assertThat(announcers("127.79.0.1"))
                .containsExactly(choice("127.79.0.1", NODES)));
        assertThat(loadBalancing.get("node-a").problems()).noneSatisfy(p -> assertThat(p).contains("labelled"));
    }

    @Test
    void aNonLeaderAnnouncesWhatTheLeaderAllocated() throws Exception {
        node("node-a", "True");
        node("node-b", "True");
        String ip = addressChosenFor("node-b");
        pool(ip + "-" + ip);
        l2();
        startNode("node-a", "--allocate-load-balancers");                       // leader (alone on the Lease)
        startNode("node-b", "--announce-load-balancers");                       // never allocates
        eventually().until(() -> loadBalancing.get("node-a").allocator().leading());
        service("web", 1, false);                                               // no status yet

        eventually().untilAsserted(() -> assertThat(announcers(ip)).containsExactly("node-b"));
        Service web = admin.services().inNamespace("shop").withName("web").get();
        assertThat(web.getStatus().getLoadBalancer().getIngress()).extracting(i -> i.getIp()).containsExactly(ip);
        assertThat(loadBalancing.get("node-b").allocator()).isNull();
    }

    @Test
    void aNodeGoingNotReadyHandsItsAddressesToAnother() throws Exception {
        String ip = twoNodesWithNodeAAnnouncing();

        ready("node-a", "False");
        eventually().untilAsserted(() -> assertThat(announcers(ip)).containsExactly("node-b"));

        ready("node-a", "Unknown");                                             // the kubelet stopped reporting
        ready("node-b", "Unknown");
        eventually().untilAsserted(() -> assertThat(announcers(ip)).isEmpty());

        ready("node-a", "True");
        ready("node-b", "True");
        eventually().untilAsserted(() -> assertThat(announcers(ip)).containsExactly("node-a"));

        admin.nodes().withName("node-a").delete();
        eventually().untilAsserted(() -> assertThat(announcers(ip)).containsExactly("node-b"));
        assertThat(loadBalancing.get("node-a").problems()).anySatisfy(p -> assertThat(p)
                .startsWith("Node node-a: not found"));
    }

    @Test
    void aLocalPolicyServiceIsAnnouncedOnlyByANodeWithALocalReadyEndpoint() throws Exception {
        node("node-a", "True");
        node("node-b", "True");
        String ip = addressChosenFor("node-a");
        pool("127.79.0.0/24");
        l2();
        metallb(MetalLbKinds.ALL.get(3), "tor", Map.of("myASN", 64513, "peerASN", 64512, "peerAddress", "192.0.2.1"));
        metallb(MetalLbKinds.ALL.get(2), "bgp", Map.of("ipAddressPools", List.of("p")));
        service("web", 1, true, ip);
        slice("web", "node-b");
        startNode("node-a", "--announce-load-balancers");
        startNode("node-b", "--announce-load-balancers");

        eventually().untilAsserted(() -> {
            assertThat(announcers(ip)).containsExactly("node-b");                // though the hash prefers node-a
            assertThat(routes("node-b")).containsExactly(ip + "/32");
            assertThat(routes("node-a")).isEmpty();
        });

        service("web", 1, false, ip);                                            // Cluster: the hash decides again
        eventually().untilAsserted(() -> {
            assertThat(announcers(ip)).containsExactly("node-a");
            assertThat(routes("node-a")).containsExactly(ip + "/32");
            assertThat(routes("node-b")).containsExactly(ip + "/32");
        });
    }

    List<String> routes(String node) {
        return speakers.get(node).bgp.getOrDefault("tor", List.of()).stream()
                .map(Advertisement::prefix).map(Object::toString).toList();
    }

    @Test
    void anInvalidConfigurationKeepsTheLastGoodOneAnnounced() throws Exception {
        node("node-a", "True");
        pool("127.79.0.0/24");
        l2();
        service("web", 1, false, "127.79.0.1");
        startNode("node-a", "--announce-load-balancers");
        eventually().untilAsserted(() -> assertThat(announcers("127.79.0.1")).containsExactly("node-a"));

        pool("127.79.0.0/24", "banana");
        LoadBalancerAnnouncer announcer = loadBalancing.get("node-a").announcer();
        eventually().until(() -> announcer.config().stale());
        service("late", 2, false, "127.79.0.2");                                // still in the last good pool
        eventually().untilAsserted(() -> assertThat(announcers("127.79.0.2")).containsExactly("node-a"));
        assertThat(announcers("127.79.0.1")).containsExactly("node-a");
        assertThat(announcer.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("IPAddressPool metallb-system/p: spec.addresses[1]: \"banana\" is not a CIDR or an a-b range"));
        var metrics = URI.create("http://127.0.0.1:" + proxies.get("node-a").runtime().http().metricsAddress().getPort()
                + "/metrics");
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).containsPattern("(?m)^strait_config_stale 1(\\.0)?$")
                .containsPattern("(?m)^strait_l2_announced_addresses\\{interface=\"eth0\",protocol=\"arp\"} 2(\\.0)?$")
                .containsPattern("(?m)^strait_config_problems [1-9]");

        pool("127.79.1.0/24");                                                   // a good one replaces it
        eventually().untilAsserted(() -> assertThat(speakers.get("node-a").answered()).isEmpty());
        assertThat(announcer.config().stale()).isFalse();
    }

    @Test
    void aNodeWhoseAnnouncerIsNotRunningIsNeverChosen() throws Exception {
        String ip = twoReadyNodesAndAServiceChosenFor("node-a");
        startNode("node-b", "--announce-load-balancers");                       // node-a runs no announcer
        eventually().untilAsserted(() -> assertThat(announcers(ip)).containsExactly("node-b"));

        startNode("node-a", "--announce-load-balancers");
        eventually().untilAsserted(() -> assertThat(announcers(ip)).containsExactly("node-a"));
        assertThat(admin.leases().inNamespace("kube-system").withLabel(SpeakerLeases.LABEL).list().getItems())
                .extracting(l -> l.getSpec().getHolderIdentity()).containsExactlyInAnyOrder("node-a", "node-b");
    }

    @Test
    void aStoppingAnnouncerHandsItsAddressesOverAtOnce() throws Exception {
        // A Lease far longer than any wait here: only node-a deleting its Lease can move the address.
        // Closing node-a's watches can stall the mock API server's event loop for 10 s per watch
        // (see MockApiServer), which delays node-b's news; that stall is allowed for, not measured.
        timings = new SpeakerLeases.Timings(Duration.ofSeconds(300), Duration.ofMillis(500));
        String ip = twoNodesWithNodeAAnnouncing();

        long start = System.nanoTime();
        loadBalancing.get("node-a").close();                                    // SIGTERM; its Node stays Ready
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))     // well before the Lease ends
                .untilAsserted(() -> assertThat(announcers(ip)).containsExactly("node-b"));
        System.out.printf("speaker Lease deleted on stop: node-b took the address over %d ms later%n",
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void aCrashedAnnouncerIsPassedOverOnceItsLeaseExpires() throws Exception {
        // node-b counts a speaker as running while its renewals arrived within node-b's Lease duration
        // (SpeakerLeases judges by arrival), on node-b's clock: here a test clock, moved by hand, so the
        // Lease is waited out without waiting. Renewals still flow for real (every 200 ms).
        timings = new SpeakerLeases.Timings(Duration.ofSeconds(5), Duration.ofMillis(200));
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        clock = now::get;
        node("ghost", "True");
        node("node-b", "True");
        List<String> both = List.of("ghost", "node-b");
        String ip = addressChosenFor("ghost", both);
        String own = addressChosenFor("node-b", both);
        pool("127.79.0.0/24");
        l2();
        service("web", 1, false, ip);
        service("own", 2, false, own);                                          // node-b's, ghost or not
        AtomicReference<Instant> lastRenewal = new AtomicReference<>();
        renewGhost(lastRenewal, now.get());
        var ghost = Executors.newSingleThreadScheduledExecutor();
        ghost.scheduleWithFixedDelay(() -> {
            try {
                renewGhost(lastRenewal, now.get());
            } catch (RuntimeException e) {                                      // a failed renewal must not end them all
                System.out.println("ghost's renewal failed: " + e);
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        try {                                                                   // ghost's announcer renews...
            startNode("node-b", "--announce-load-balancers");
            // node-b announces `own` only once it sees its own Lease renewed and has listed the ghost's:
            // from then on an empty answer for ip is its judgement that the ghost runs, not a late start.
            eventually().untilAsserted(() -> assertThat(announcers(own)).containsExactly("node-b"));
            Instant until = now.get().plus(timings.duration()).plusSeconds(2);  // past one Lease: renewals
            while (now.get().isBefore(until)) {                                 // keep the ghost chosen
                now.set(now.get().plusSeconds(1));
                Thread.sleep(600);                                              // renewals and an expiry check pass
                assertThat(announcers(ip)).isEmpty();
            }
        } finally {
            ghost.shutdown();                   // no interrupt: a renewal in flight completes and is recorded
            assertThat(ghost.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        // ...then dies without a word. Its last renewal reached node-b no earlier than it was sent, so
        // node-b may not take over before that plus the Lease duration.
        Thread.sleep(500);                                                      // the last renewal arrives
        Instant expiry = lastRenewal.get().plus(timings.duration());
        now.set(expiry.minusSeconds(1));
        Thread.sleep(1500);                                                     // expiry checks pass
        assertThat(announcers(ip)).as("before the ghost's Lease expired at " + expiry).isEmpty();
        // a renewal that arrived late was timed later (by at most the jump just made): wait that out too
        now.set(expiry.plus(timings.duration()).plusSeconds(1));
        eventually().untilAsserted(() -> assertThat(announcers(ip)).containsExactly("node-b"));
        System.out.printf("crashed announcer: node-b took the address over once its clock passed the ghost's"
                + " last renewal plus the Lease (%d ms)%n", timings.duration().toMillis());
    }

    /** The ghost's announcer renews its speaker Lease at (test clock); on success, at is recorded in last. */
    void renewGhost(AtomicReference<Instant> last, Instant at) {
        Instant sent = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);  // renewTime holds microseconds
        var now = java.time.ZonedDateTime.ofInstant(sent, java.time.ZoneOffset.UTC);
        admin.leases().inNamespace("kube-system").resource(new io.fabric8.kubernetes.api.model.coordination.v1
                .LeaseBuilder().withNewMetadata().withName(SpeakerLeases.PREFIX + "ghost").withNamespace("kube-system")
                .withLabels(Map.of(SpeakerLeases.LABEL, "true")).endMetadata().withNewSpec()
                .withHolderIdentity("ghost").withRenewTime(now)
                .withLeaseDurationSeconds((int) timings.duration().toSeconds()).endSpec().build())
                .createOr(x -> x.update());
        last.set(sent);
    }
}
