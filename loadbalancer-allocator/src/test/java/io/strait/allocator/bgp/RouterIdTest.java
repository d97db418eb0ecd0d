package io.strait.allocator.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The BGP Identifier, chosen as MetalLB's native speaker does (getRouterID / hashRouterID). */
class RouterIdTest {
    static final InetAddress V6 = InetAddress.ofLiteral("fd00:1::5");
    /** A fake host: fd00:1::5 sits on an interface with 10.1.0.5; fd00:2::5 on one without IPv4. */
    static final RouterId.Interfaces HOST = a -> Map.of(
            V6, List.of(InetAddress.ofLiteral("fe80::1"), V6, InetAddress.ofLiteral("10.1.0.5"), InetAddress.ofLiteral("10.1.0.6")),
            InetAddress.ofLiteral("fd00:2::5"), List.of(InetAddress.ofLiteral("fd00:2::5"))).getOrDefault(a, List.of());

    static String id(InetAddress configured, InetAddress local, String node) {
        return RouterId.format(RouterId.choose(configured, local, node, HOST));
    }

    @Test
    void theConfiguredRouterIdWins() {
        assertThat(id(InetAddress.ofLiteral("192.0.2.9"), V6, "node-a")).isEqualTo("192.0.2.9");
    }

    @Test
    void anIpv4SessionUsesItsLocalAddress() {
        assertThat(id(null, InetAddress.ofLiteral("10.9.8.7"), "node-a")).isEqualTo("10.9.8.7");
    }

    @Test
    void anIpv6SessionUsesTheFirstIpv4AddressOfItsInterface() {
        assertThat(id(null, V6, "node-a")).isEqualTo("10.1.0.5");
    }

    /** Golden values: Python's struct.pack('<I', zlib.crc32(name)) read as an address, as MetalLB lays it out. */
    @Test
    void withoutAnIpv4AddressTheNodeNameIsHashedSoNodesDiffer() {
        InetAddress v6only = InetAddress.ofLiteral("fd00:2::5");
        assertThat(id(null, v6only, "node-a")).isEqualTo("171.77.153.120");
        assertThat(id(null, v6only, "node-b")).isEqualTo("17.28.144.225");
        assertThat(id(null, null, "worker-1")).isEqualTo("160.112.56.60");
        assertThat(id(null, InetAddress.ofLiteral("2001:db8::1"), "node-a")).isEqualTo("171.77.153.120");
    }

    @Test
    void neverTheOldConstantIdentifier() {
        for (String node : List.of("a", "b", "node-1", "node-2", "k8s-worker-17")) {
            assertThat(RouterId.choose(null, InetAddress.ofLiteral("fd00:2::5"), node, HOST))
                    .as(node).isNotIn(0L, 1L);
        }
    }
}
