package io.strait.allocator.ipam;

import static io.strait.allocator.ipam.Services.families;
import static io.strait.allocator.ipam.Services.ips;
import static io.strait.allocator.ipam.Services.lb;
import static io.strait.allocator.ipam.Services.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.strait.allocator.config.Config;
import io.strait.allocator.config.ConfigParser;
import io.strait.allocator.config.RawObject;
import io.strait.proxy.model.ServiceName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocatorTest {
    static Config config(Map<String, List<String>> pools) throws Exception {
        return ConfigParser.parse(pools.entrySet().stream().map(e -> new RawObject("metallb.io/v1beta1",
                "IPAddressPool", "metallb-system", e.getKey(), Map.of("addresses", e.getValue()))).toList());
    }

    static Outcome of(Map<ServiceName, Outcome> r, String name) {
        return r.get(new ServiceName("default", name));
    }

    @Test
    void firstFreeAddressInOrderAndExhaustion() throws Exception {
        Config c = config(Map.of("p", List.of("127.66.0.10-127.66.0.11")));
        var r = new Allocator().reconcile(c, List.of(lb("a"), lb("b"), lb("c")), Map.of());
        assertThat(of(r, "a")).isEqualTo(new Outcome.Assigned(ips("127.66.0.10"), "p"));
        assertThat(of(r, "b")).isEqualTo(new Outcome.Assigned(ips("127.66.0.11"), "p"));
        assertThat(of(r, "c")).isEqualTo(new Outcome.Failed(
                "Service default/c: no available IPs in IPAddressPool p (exhausted)"));
        assertThat(of(r, "c").reason()).isEqualTo("AllocationFailed");
    }

    @Test
    void restartRebuildsFromStatusBeforeAllocating() throws Exception {
        Config c = config(Map.of("p", List.of("10.0.0.1-10.0.0.3")));
        // "a" sorts first and has no status: it must not take b's address.
        var r = new Allocator().reconcile(c, List.of(lb("a"), lb("b", "10.0.0.1")), Map.of());
        assertThat(of(r, "b")).isEqualTo(new Outcome.Assigned(ips("10.0.0.1"), "p"));
        assertThat(of(r, "a")).isEqualTo(new Outcome.Assigned(ips("10.0.0.2"), "p"));
    }

    @Test
    void heldAddressesNeverMoveAndDeletionReleases() throws Exception {
        Config c = config(Map.of("p", List.of("10.0.0.1-10.0.0.3")));
        Allocator alloc = new Allocator();
        alloc.reconcile(c, List.of(lb("b")), Map.of());
        var r = alloc.reconcile(c, List.of(lb("a"), lb("b")), Map.of());
        assertThat(of(r, "b")).isEqualTo(new Outcome.Assigned(ips("10.0.0.1"), "p"));
        assertThat(of(r, "a")).isEqualTo(new Outcome.Assigned(ips("10.0.0.2"), "p"));
        assertThat(alloc.addressesInUse()).containsEntry("p", 2);
        r = alloc.reconcile(c, List.of(lb("a"), lb("c")), Map.of());
        assertThat(of(r, "c")).isEqualTo(new Outcome.Assigned(ips("10.0.0.1"), "p"));
        var notLb = new LbService(new ServiceName("default", "a"), Map.of(), false, null, List.of(), null, null,
                List.of(), null, List.of(), false, List.of(), null);
        r = alloc.reconcile(c, List.of(notLb, lb("c")), Map.of());
        assertThat(r).doesNotContainKey(new ServiceName("default", "a"));
        assertThat(alloc.addressesInUse()).containsEntry("p", 1);
    }

    @Test
    void requestedIpsAndPools() throws Exception {
        Config c = config(Map.of("p", List.of("10.0.0.1-10.0.0.3"), "q", List.of("10.1.0.0/30")));
        var r = new Allocator().reconcile(c, List.of(
                with(lb("a"), ips("10.0.0.3"), null, null, 80),
                with(lb("b"), ips("10.0.0.3"), null, null, 80),
                with(lb("c"), ips("192.0.2.1"), null, null, 80),
                with(lb("d"), List.of(), "q", null, 80),
                with(lb("e"), List.of(), "nope", null, 80)), Map.of());
        assertThat(of(r, "a")).isEqualTo(new Outcome.Assigned(ips("10.0.0.3"), "p"));
        assertThat(of(r, "b")).isEqualTo(new Outcome.Failed(
                "Service default/b: requested IP 10.0.0.3 is already in use by Service default/a"));
        assertThat(of(r, "c")).isEqualTo(new Outcome.Failed(
                "Service default/c: requested IP 192.0.2.1 is not in any IPAddressPool"));
        assertThat(of(r, "d")).isEqualTo(new Outcome.Assigned(ips("10.1.0.0"), "q"));
        assertThat(of(r, "e")).isEqualTo(new Outcome.Failed(
                "Service default/e: metallb.io/address-pool names unknown IPAddressPool \"nope\""));
    }

    @Test
    void sharingNeedsSameKeyAndDistinctPorts() throws Exception {
        Config c = config(Map.of("p", List.of("10.0.0.1-10.0.0.2")));
        var r = new Allocator().reconcile(c, List.of(
                with(lb("a"), List.of(), null, "k", 80),
                with(lb("b"), List.of(), null, "k", 443),
                with(lb("c"), List.of(), null, "k", 80),
                with(lb("d"), ips("10.0.0.1"), null, "other", 8080)), Map.of());
        assertThat(of(r, "a")).isEqualTo(new Outcome.Assigned(ips("10.0.0.1"), "p"));
        assertThat(of(r, "b")).isEqualTo(new Outcome.Assigned(ips("10.0.0.1"), "p"));
        assertThat(of(r, "c")).isEqualTo(new Outcome.Assigned(ips("10.0.0.2"), "p"));
        assertThat(((Outcome.Failed) of(r, "d")).message()).contains("already in use by Service default/a");
    }

    @Test
    void dualStackTakesOneAddressPerFamilyFromOnePool() throws Exception {
        Config c = config(Map.of("v4", List.of("10.0.0.1/32"), "dual", List.of("10.0.1.1/32", "fd00::1/128")));
        var r = new Allocator().reconcile(c, List.of(
                families(lb("a"), "RequireDualStack", "IPv6", "IPv4"),
                families(lb("b"), "SingleStack", "IPv6"),
                families(lb("c"), "PreferDualStack", "IPv4", "IPv6")), Map.of());
        assertThat(of(r, "a")).isEqualTo(new Outcome.Assigned(ips("fd00::1", "10.0.1.1"), "dual"));
        assertThat(of(r, "b")).isInstanceOf(Outcome.Failed.class);
        assertThat(of(r, "c")).isEqualTo(new Outcome.Assigned(ips("10.0.0.1"), "v4"));
    }

    @Test
    void otherLoadBalancerClassesAreNotOurs() throws Exception {
        Config c = config(Map.of("p", List.of("10.0.0.1/32")));
        var s = lb("a");
        var theirs = new LbService(s.name(), Map.of(), true, "example.com/other", List.of(), null, null, List.of(),
                null, s.ports(), false, List.of(), null);
        assertThat(new Allocator().reconcile(c, List.of(theirs), Map.of())).isEmpty();
    }
}
