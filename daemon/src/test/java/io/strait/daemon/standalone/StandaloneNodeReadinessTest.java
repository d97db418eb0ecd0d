package io.strait.daemon.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.allocator.l2.AnnouncerChoice;
import io.strait.allocator.speaker.FakeSpeakers;
import io.strait.allocator.standalone.LoadBalancerStage;
import io.strait.proxy.plan.DataplanePlan;
import io.strait.proxy.sync.DesiredState;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone mode honours the folder's Node conditions: a Node whose Ready condition is not True
 * is never the L2 announcer; a Node with no status (a hand-written manifest) counts as Ready; this
 * node counts as Ready when the folder has no Node of its name.
 */
class StandaloneNodeReadinessTest {
    /** The first address whose announcer between a and b is a (SHA-256 choice, stable). */
    static final InetAddress IP = IntStream.range(1, 255).mapToObj(i -> InetAddress.ofLiteral("10.9.0." + i))
            .filter(ip -> "a".equals(AnnouncerChoice.choose(ip, List.of("a", "b")))).findFirst().orElseThrow();

    @TempDir
    Path dir;

    final FakeSpeakers speakers = new FakeSpeakers();
    ManifestFolder folder;
    LoadBalancerStage stage;

    @BeforeEach
    void open() {
        folder = new ManifestFolder(dir, "a", "strait");
        stage = new LoadBalancerStage(folder, speakers.announcements(Duration.ofMillis(50)));
    }

    @AfterEach
    void close() {
        stage.close();
    }

    static String node(String name, String ready) {
        return """
                apiVersion: v1
                kind: Node
                metadata: {name: %s}
                %s
                """.formatted(name, ready == null ? "" : "status: {conditions: [{type: Ready, status: \"" + ready + "\"}]}");
    }

    void write(String nodes) throws IOException {
        Files.writeString(dir.resolve("lb.yaml"), """
                apiVersion: metallb.io/v1beta1
                kind: IPAddressPool
                metadata: {name: p, namespace: metallb-system}
                spec: {addresses: ["%s/32"]}
                ---
                apiVersion: metallb.io/v1beta1
                kind: L2Advertisement
                metadata: {name: l2, namespace: metallb-system}
                spec: {interfaces: [eth0]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  type: LoadBalancer
                  clusterIP: 10.96.0.10
                  ports: [{name: http, port: 80, nodePort: 30080}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: web-1, labels: {kubernetes.io/service-name: web}}
                addressType: IPv4
                ports: [{name: http, port: 8080}]
                endpoints: [{addresses: [10.244.0.5]}]
                """.formatted(IP.getHostAddress()));
        Files.writeString(dir.resolve("nodes.yaml"), nodes);
    }

    Set<InetAddress> answeredAfterLoading() {
        folder.load();
        stage.announce(new DesiredState(stage.snapshot(), DataplanePlan.EMPTY));
        return speakers.answered();
    }

    @Test
    void nodesWithoutStatusAreReady() throws IOException {
        write(node("a", null) + "---\n" + node("b", null));
        assertThat(answeredAfterLoading()).containsExactly(IP);
    }

    @Test
    void aNotReadyNodeIsNeverTheAnnouncer() throws IOException {
        write(node("a", "False") + "---\n" + node("b", "True"));
        assertThat(answeredAfterLoading()).isEmpty();                 // b answers (its own process)
        write(node("a", "True") + "---\n" + node("b", "True"));
        assertThat(answeredAfterLoading()).containsExactly(IP);
        write(node("a", "Unknown") + "---\n" + node("b", "False"));
        assertThat(answeredAfterLoading()).isEmpty();                 // nobody is eligible
    }

    @Test
    void thisNodeWithoutAManifestCountsAsReady() throws IOException {
        write(node("b", "False"));
        assertThat(answeredAfterLoading()).containsExactly(IP);
    }
}
