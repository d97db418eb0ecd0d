package io.strait.proxy.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.lb.TrafficDistribution;
import io.strait.lb.TrafficPolicy;
import io.strait.proxy.health.ProxyHealth;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.ServiceType;
import io.strait.proxy.plan.PlannerConfig;
import io.strait.proxy.problem.Problem;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spine: snapshot → plan → every sink in order with the same whole desired state → report. */
class ProxySyncTest {
    static final PlannerConfig NODE = new PlannerConfig("node-a", List.of(), io.strait.lb.Algorithm.ROUND_ROBIN);

    final FakeScheduler scheduler = new FakeScheduler();
    final List<String> calls = new ArrayList<>();
    final List<DesiredState> seen = new ArrayList<>();
    final List<SyncResult> reported = new ArrayList<>();
    final List<ClusterState> applied = new ArrayList<>();
    ClusterState snapshot;
    Runnable changed;

    final SnapshotSource source = new SnapshotSource() {
        @Override
        public void start(Runnable onChange) {
            changed = onChange;
        }

        @Override
        public ClusterState snapshot() {
            calls.add("snapshot");
            return snapshot;
        }

        @Override
        public List<Problem> currentProblems() {
            return List.of();
        }

        @Override
        public String sourceOf(String object) {
            return object.equals("Service default/b") ? "b.yaml (document 1)" : null;
        }

        @Override
        public void applied(ClusterState s, Instant done) {
            applied.add(s);
        }
    };

    Sink sink(String name, Problem... problems) {
        return desired -> {
            calls.add(name);
            seen.add(desired);
            return List.of(problems);
        };
    }

    ProxySync sync(Sink... sinks) {
        ProxySync sync = new ProxySync(source, List.of(sinks), NODE, new ProxyHealth(Clock.systemUTC(),
                Duration.ofMinutes(1)), Clock.systemUTC(), reported::add,
                new ProxySync.Periods(Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofSeconds(1)), scheduler);
        sync.start();
        return sync;
    }

    static ServiceInfo service(String name, String clusterIp) {
        return new ServiceInfo(new ServiceName("default", name), ServiceType.CLUSTER_IP,
                List.of(InetAddress.ofLiteral(clusterIp)), List.of(), List.of(),
                List.of(new ServicePort("http", Protocol.TCP, 80, 0, 0)), null, TrafficPolicy.CLUSTER,
                TrafficPolicy.CLUSTER, TrafficDistribution.NONE, 0, List.of(), Map.of());
    }

    static ClusterState state(ServiceInfo... services) {
        Map<ServiceName, ServiceInfo> byName = new java.util.HashMap<>();
        for (ServiceInfo s : services) {
            byName.put(s.name(), s);
        }
        return new ClusterState(byName, Map.of(), null);
    }

    @Test
    void nothingReachesASinkBeforeTheSourceIsComplete() {
        ProxySync sync = sync(sink("vips"), sink("dataplane"));
        changed.run();
        scheduler.advanceTo(0);
        assertThat(calls).containsExactly("snapshot");
        assertThat(reported).isEmpty();
        assertThat(sync.lastResult()).isNull();
    }

    @Test
    void aChangeSignalRunsOneSyncThatHandsTheSameWholeStateToEverySinkInOrder() {
        ProxySync sync = sync(sink("vips"), sink("dataplane"), sink("health-check node ports"),
                sink("load balancers"));
        snapshot = state(service("a", "10.96.0.10"), service("b", "10.96.0.11"));
        changed.run();
        changed.run();                                  // coalesced with the first
        scheduler.advanceTo(0);
        assertThat(calls).containsExactly("snapshot", "vips", "dataplane", "health-check node ports", "load balancers");
        assertThat(seen).hasSize(4).allSatisfy(d -> assertThat(d).isSameAs(seen.getFirst()));
        assertThat(seen.getFirst().state()).isSameAs(snapshot);
        assertThat(seen.getFirst().plan().routes()).hasSize(2);
        assertThat(sync.plan()).isSameAs(seen.getFirst().plan());
        assertThat(applied).containsExactly(snapshot);
        assertThat(reported).singleElement().satisfies(r -> assertThat(r.state()).isSameAs(snapshot));
        assertThat(sync.firstResult()).isSameAs(sync.lastResult());
    }

    @Test
    void thePlannersAndTheSinksProblemsAreReportedTogetherNamingTheFileWhereTheSourceKnowsIt() {
        sync(sink("vips"), sink("dataplane", Problem.of("cannot listen on 10.96.0.10:80/TCP: address in use")));
        snapshot = state(service("a", "10.96.0.10"), service("b", "10.96.0.10")); // a port clash: b loses
        changed.run();
        scheduler.advanceTo(0);
        assertThat(reported).singleElement().satisfies(r -> assertThat(r.messages())
                .anySatisfy(m -> assertThat(m).startsWith("b.yaml (document 1): Service default/b: spec.ports[0].port: "
                        + "port clash on 10.96.0.10:80/TCP").endsWith("this port is not opened there"))
                .contains("cannot listen on 10.96.0.10:80/TCP: address in use")
                .hasSize(2));
    }
}
