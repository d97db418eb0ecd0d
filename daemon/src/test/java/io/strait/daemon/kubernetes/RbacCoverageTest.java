package io.strait.daemon.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.strait.allocator.k8s.MockApiServer;
import io.strait.allocator.speaker.FakeSpeakers;
import io.strait.allocator.speaker.LoadBalancing;
import io.strait.allocator.speaker.SpeakerLeases;
import io.strait.daemon.deploy.DeployManifests;
import io.strait.daemon.loadbalancer.AllocatorFlags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/'s RBAC grants every API call Kubernetes mode makes: the proxy runs against fabric8's
 * mock API server, each recorded request becomes a (group, resource, verb) permission, and the
 * ClusterRole plus the lease Role must cover them all.
 */
class RbacCoverageTest {
    private static final Path BASE = DeployManifests.ROOT.resolve("base");
    /** /api/v1/[namespaces/NS/]RESOURCE[/NAME[/SUB]] and /apis/GROUP/VERSION/... */
    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/[^/]+)?/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?(\\?.*)?$");

    /**
     * What the allocator (strait proxy --allocate-load-balancers) calls besides the proxy's own
     * watches and the announcer's (every Node, the metallb.io CRs; run below): namespaces for
     * namespaceSelectors, the metallb.io CRs, Service status, Events and the leader-election Lease;
     * checked statically (this test runs the proxy and the announcer without the allocator).
     */
    private static final List<String> ALLOCATOR = List.of(
            "/namespaces:list", "/namespaces:watch",
            "metallb.io/ipaddresspools:list", "metallb.io/ipaddresspools:watch",
            "metallb.io/l2advertisements:list", "metallb.io/l2advertisements:watch",
            "metallb.io/bgpadvertisements:list", "metallb.io/bgpadvertisements:watch",
            "metallb.io/bgppeers:list", "metallb.io/bgppeers:watch",
            "metallb.io/communities:list", "metallb.io/communities:watch",
            "/services/status:update", "/services/status:patch",
            "/events:create", "/events:patch", "events.k8s.io/events:create", "events.k8s.io/events:patch",
            "coordination.k8s.io/leases:get", "coordination.k8s.io/leases:create", "coordination.k8s.io/leases:update");

    private static final String LEASE_CREATE = "coordination.k8s.io/leases:create";

    @Test
    void theRolesGrantEveryCallTheProxyMakes() throws Exception {
        Set<String> granted = granted();
        Set<String> called = callsOfKubernetesMode();
        assertThat(called).contains("/services:list", "/services:watch",
                "discovery.k8s.io/endpointslices:list", "/nodes:watch", "/nodes:list",
                "metallb.io/l2advertisements:watch", "metallb.io/bgppeers:list",
                "coordination.k8s.io/leases:watch", LEASE_CREATE,
                "coordination.k8s.io/leases:delete");
        assertThat(granted).containsAll(called);
        assertThat(granted).containsAll(ALLOCATOR);
    }

    @Test
    void nothingIsGrantedBeyondWhatTheProxyAndAllocatorNeed() throws Exception {
        Set<String> needed = new TreeSet<>(callsOfKubernetesMode());
        needed.addAll(ALLOCATOR);
        // get: single reads kubectl-style tools and informer resyncs may do on the watched kinds
        Set<String> extra = new TreeSet<>(granted());
        extra.removeAll(needed);
        assertThat(extra).allMatch(p -> p.endsWith(":get"), "only reads (get) beyond the calls made");
        assertThat(granted()).noneMatch(p -> p.contains("*"));
        assertThat(granted()).noneMatch(p -> p.startsWith("/secrets") || p.startsWith("/pods"));
    }

    private static Set<String> granted() {
        Set<String> out = new TreeSet<>();
        ClusterRole cr = DeployManifests.typed(BASE.resolve("clusterrole.yaml"), ClusterRole.class);
        Role leases = DeployManifests.typed(BASE.resolve("role-leases.yaml"), Role.class);
        Stream.concat(cr.getRules().stream(), leases.getRules().stream()).forEach(r -> add(out, r));
        return out;
    }

    private static void add(Set<String> out, PolicyRule rule) {
        for (String g : rule.getApiGroups()) {
            for (String res : rule.getResources()) {
                for (String v : rule.getVerbs()) {
                    out.add(g + "/" + res + ":" + v);
                }
            }
        }
    }

    private static Set<String> callsOfKubernetesMode() throws Exception {
        KubernetesMockServer server = MockApiServer.start();
        Set<String> calls = new TreeSet<>();
        try (KubernetesClient client = server.createClient()) {
            AllocatorFlags announceOnly = new AllocatorFlags();
            new CommandLine(announceOnly).parseArgs("--announce-load-balancers");
            try (LoadBalancing lb = LoadBalancing.start(announceOnly.settings(), client, Objects.options().nodeName(),
                         new FakeSpeakers().announcements(Duration.ofSeconds(1)), SpeakerLeases.Timings.DEFAULT);
                 KubernetesProxy proxy = KubernetesProxy.start(client, Objects.options(), null, lb)) {
                assertThat(proxy.awaitSynced(Duration.ofSeconds(20))).isTrue();
                assertThat(lb.announcer().awaitSynced(Duration.ofSeconds(20))).isTrue();
                // The speaker Lease is created on SpeakerLeases' own thread, racing the informers'
                // sync: keep running (recording) until its create was seen; closing deletes it.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!calls.contains(LEASE_CREATE) && System.nanoTime() < deadline) {
                    record(calls, server.takeRequest(100, TimeUnit.MILLISECONDS));
                }
            }
            RecordedRequest r;
            while ((r = server.takeRequest(1, TimeUnit.SECONDS)) != null) {
                record(calls, r);
            }
        } finally {
            MockApiServer.destroy(server);
        }
        return calls;
    }

    private static void record(Set<String> calls, RecordedRequest r) {
        if (r != null) {
            calls.add(permission(r.getMethod(), r.getPath()));
        }
    }

    static String permission(String method, String path) {
        Matcher m = PATH.matcher(path);
        assertThat(m.matches()).as("API path " + path).isTrue();
        String group = m.group(1) == null ? "" : m.group(1);
        String resource = m.group(2) + (m.group(4) != null ? "/" + m.group(4) : "");
        boolean named = m.group(3) != null;
        boolean watch = m.group(5) != null && m.group(5).contains("watch=true");
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> throw new AssertionError("unexpected method " + method + " " + path);
        };
        return group + "/" + resource + ":" + verb;
    }
}
