package io.strait.proxy.vip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strait.proxy.model.Cidr;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * VIP programming in a private network namespace this test creates (and always deletes). Skips
 * unless run as root with iproute2 installed. Nothing touches the host's own namespace.
 */
class VipNamespaceTest {
    private static String ns;
    private static IpTool ip;
    private static Sysctls sysctls;

    @BeforeAll
    static void namespace() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create a network namespace");
        assumeTrue(IpTool.host().run("-V").ok(), "needs iproute2's ip command");
        ns = "strait-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        IpTool.Result created = IpTool.host().run("netns", "add", ns);
        assumeTrue(created.ok(), "cannot create a network namespace: " + created.stderr());
        ip = new IpTool(List.of("ip", "-n", ns));
        sysctls = Sysctls.command(List.of("ip", "netns", "exec", ns));
        assertThat(ip.run("link", "set", "lo", "up").ok()).isTrue();
    }

    @AfterAll
    static void deleteNamespace() {
        if (ns != null) {
            IpTool.host().run("netns", "del", ns);
        }
    }

    private static InetAddress a(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    @Test
    void deviceGetsExactlyTheWantedAddressesAndNeverLoopback() {
        DeviceVips vips = new DeviceVips("strait0", ip, sysctls);
        assertThat(vips.sync(Set.of(a("10.96.0.1"), a("10.96.0.2"), a("127.0.0.5"), a("::1")))).isEmpty();
        assertThat(vips.current()).containsExactlyInAnyOrder(a("10.96.0.1"), a("10.96.0.2"));
        String kind = ip.run("-d", "-o", "link", "show", "dev", "strait0").stdout();
        boolean hasDummy = ip.run("link", "add", "probe0", "type", "dummy").ok();
        assertThat(kind).contains(hasDummy ? "dummy" : "bridge");
        assertThat(ip.run("route", "show", "table", "local").stdout()).contains("local 10.96.0.1 dev strait0");
        assertThat(ip.run("netns", "exec", ns, "cat", "/proc/sys/net/ipv4/conf/all/arp_ignore").stdout().strip())
                .isEqualTo("1");

        assertThat(vips.sync(Set.of(a("10.96.0.2"), a("fd00::10")))).isEmpty();
        assertThat(vips.current()).containsExactlyInAnyOrder(a("10.96.0.2"), a("fd00::10"));
        assertThat(vips.sync(Set.of())).isEmpty();
        assertThat(vips.current()).isEmpty();
    }

    @Test
    void addressesLeftByAnEarlierRunAreRemovedAtTheFirstSync() {
        assertThat(ip.run("link", "add", "vipold", "type", "bridge").ok()).isTrue();
        assertThat(ip.run("address", "add", "10.96.9.9/32", "dev", "vipold").ok()).isTrue();
        DeviceVips vips = new DeviceVips("vipold", ip, sysctls);
        assertThat(vips.sync(Set.of(a("10.96.0.3")))).isEmpty();
        assertThat(vips.current()).containsExactly(a("10.96.0.3"));
    }

    @Test
    void aDeviceThatCannotBeCreatedIsReportedWithTheCommandsError() {
        DeviceVips vips = new DeviceVips("a-name-far-too-long-for-linux", ip, sysctls);
        assertThat(vips.sync(Set.of(a("10.96.0.4")))).singleElement().asString()
                .startsWith("cannot create VIP device a-name-far-too-long-for-linux: `ip -n " + ns)
                .contains("failed: ");
    }

    @Test
    void anyIpRoutesTheServiceCidrAndSingleAddressesOutsideIt() {
        AnyIpVips vips = new AnyIpVips(List.of(Cidr.parse("10.100.0.0/16")), ip, sysctls);
        assertThat(vips.sync(Set.of(a("10.100.0.7"), a("192.0.2.10"), a("127.0.0.9")))).isEmpty();
        String routes = ip.run("-o", "route", "show", "table", "local", "proto", AnyIpVips.PROTO).stdout();
        assertThat(routes).contains("local 10.100.0.0/16 dev lo").contains("local 192.0.2.10 dev lo")
                .doesNotContain("10.100.0.7").doesNotContain("127.0.0.9");
        assertThat(ip.run("route", "get", "10.100.3.4").stdout()).startsWith("local 10.100.3.4 dev lo");

        AnyIpVips restarted = new AnyIpVips(List.of(Cidr.parse("10.100.0.0/16")), ip, sysctls);
        assertThat(restarted.sync(Set.of())).isEmpty();
        String after = ip.run("-o", "route", "show", "table", "local", "proto", AnyIpVips.PROTO).stdout();
        assertThat(after).contains("local 10.100.0.0/16 dev lo").doesNotContain("192.0.2.10");
    }

    @Test
    void anyIpServesIpv6TooAndFindsItsIpv6RoutesAgain() {
        AnyIpVips vips = new AnyIpVips(List.of(Cidr.parse("fd96::/112")), ip, sysctls);
        assertThat(vips.sync(Set.of(a("fd96::7"), a("fd20::f0")))).isEmpty();
        String routes = ip.run("-6", "-o", "route", "show", "table", "local", "proto", AnyIpVips.PROTO).stdout();
        assertThat(routes).contains("local fd96::/112 dev lo").contains("local fd20::f0 dev lo");
        assertThat(ip.run("netns", "exec", ns, "cat", "/proc/sys/net/ipv6/ip_nonlocal_bind").stdout().strip())
                .as("IPv6 listeners can bind AnyIP addresses").isEqualTo("1");

        AnyIpVips restarted = new AnyIpVips(List.of(Cidr.parse("fd96::/112")), ip, sysctls);
        assertThat(restarted.sync(Set.of())).isEmpty();
        String after = ip.run("-6", "-o", "route", "show", "table", "local", "proto", AnyIpVips.PROTO).stdout();
        assertThat(after).contains("local fd96::/112 dev lo").doesNotContain("fd20::f0");
    }
}
