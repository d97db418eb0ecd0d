package io.strait.netpol.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.netpol.model.Protocol;
import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The engine against {@link SpecModel} (the specification read literally) on random clusters:
 * every pair of interesting addresses, every port of the small domain, every protocol.
 */
class PolicySnapshotProperties {

    @Property(tries = 400)
    void engineAgreesWithTheSpecificationOnEveryTuple(@ForAll long seed) {
        World w = World.random(seed);
        PolicySnapshot engine = PolicySnapshot.build(w.inputs());
        SpecModel spec = new SpecModel(w.inputs());
        for (InetAddress src : w.addresses()) {
            for (InetAddress dst : w.addresses()) {
                for (int port : World.PORTS) {
                    for (Protocol proto : Protocol.values()) {
                        Verdict v = engine.check(src, dst, port, proto);
                        assertThat(v.allowed())
                                .as("seed %d: %s -> %s:%d/%s, verdict %s, inputs %s", seed, src, dst, port, proto, v, w.inputs())
                                .isEqualTo(spec.allowed(src, dst, port, proto));
                    }
                }
            }
        }
    }

    @Property(tries = 200)
    void aDenyNamesTheIsolatingPoliciesAndAnAllowNamesOneOfThem(@ForAll long seed) {
        World w = World.random(seed);
        PolicySnapshot engine = PolicySnapshot.build(w.inputs());
        for (InetAddress src : w.addresses()) {
            for (InetAddress dst : w.addresses()) {
                Verdict v = engine.check(src, dst, 80, Protocol.TCP);
                for (Decision d : new Decision[] {v.egress(), v.ingress()}) {
                    switch (d.outcome()) {
                        case DENIED -> assertThat(d.isolatedBy()).isNotEmpty();
                        case ALLOWED -> assertThat(d.isolatedBy()).contains(d.allowedBy());
                        case NOT_ISOLATED -> assertThat(d.isolatedBy()).isEmpty();
                        default -> assertThat(d.allowedBy()).isNull();
                    }
                }
            }
        }
    }
}
