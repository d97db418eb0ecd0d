package io.strait.allocator.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.allocator.config.Config;
import io.strait.proxy.model.ServiceName;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random add/remove/restart sequences: no address is ever held twice (unshared), none ever moves. */
class AllocatorProperties {
    record Step(int kind, int service, int key) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        return Arbitraries.integers().between(0, 9).flatMap(k -> Arbitraries.integers().between(0, 11)
                        .flatMap(s -> Arbitraries.integers().between(0, 2).map(key -> new Step(k, s, key))))
                .list().ofMaxSize(40);
    }

    @Property(tries = 200)
    void neverDoubleAllocatesNorMoves(@ForAll("steps") List<Step> steps) throws Exception {
        Config config = AllocatorTest.config(Map.of("p", List.of("10.0.0.1-10.0.0.6"), "q", List.of("10.0.1.1/31")));
        Map<String, LbService> present = new HashMap<>();
        Map<ServiceName, List<InetAddress>> status = new HashMap<>();
        Allocator alloc = new Allocator();
        for (Step step : steps) {
            String name = "s" + step.service();
            switch (step.kind()) {
                case 0, 1 -> present.remove(name);
                case 2 -> alloc = new Allocator(); // restart: only Service status survives
                default -> {
                    LbService s = Services.lb(name);
                    String key = step.key() == 0 ? null : "k" + step.key();
                    present.putIfAbsent(name, Services.with(s, List.of(), null, key, 80 + step.service() % 3));
                }
            }
            status.keySet().removeIf(n -> !present.containsKey(n.name()));
            List<LbService> input = new ArrayList<>();
            for (LbService s : present.values()) {
                List<InetAddress> ingress = status.getOrDefault(s.name(), List.of());
                input.add(new LbService(s.name(), s.labels(), true, null, List.of(), null, s.sharingKey(), List.of(),
                        null, s.ports(), false, ingress, null));
            }
            Map<ServiceName, Outcome> result = alloc.reconcile(config, input, Map.of());
            Map<InetAddress, LbService> owner = new HashMap<>();
            for (LbService s : input) {
                if (result.get(s.name()) instanceof Outcome.Assigned a) {
                    if (!s.ingress().isEmpty()) {
                        assertThat(a.ips()).as("held address of %s moved", s.name()).isEqualTo(s.ingress());
                    }
                    for (InetAddress ip : a.ips()) {
                        LbService other = owner.putIfAbsent(ip, s);
                        if (other != null) {
                            assertThat(s.sharingKey()).as("%s shared by %s and %s", ip, s.name(), other.name())
                                    .isNotNull().isEqualTo(other.sharingKey());
                            assertThat(s.ports()).doesNotContainAnyElementsOf(other.ports());
                        }
                    }
                    status.put(s.name(), a.ips());
                } else {
                    assertThat(s.ingress()).as("a Service that held an address lost it").isEmpty();
                    status.remove(s.name());
                }
            }
        }
    }
}
