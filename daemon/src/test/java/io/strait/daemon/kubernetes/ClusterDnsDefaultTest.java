package io.strait.daemon.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.strait.allocator.speaker.LoadBalancerSink;
import io.strait.daemon.ProxyRuntime;
import io.strait.daemon.dns.DnsFlags;
import io.strait.daemon.dns.StandaloneDnsIT;
import io.strait.daemon.standalone.ManifestFolder;
import io.strait.dns.DnsSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Kubernetes mode's DNS default, and a DNS address that cannot be bound failing the start by the flag's name. */
class ClusterDnsDefaultTest {
    @TempDir
    Path dir;

    static DnsFlags parse(String... args) {
        DnsFlags flags = new DnsFlags();
        new CommandLine(flags).parseArgs(args);
        return flags;
    }

    @Test
    void theDefaultNodeLocalAddressIsUsedOnlyWhenItIsOnTheNode() throws Exception {
        boolean local = ClusterDnsDefault.isLocal(InetAddress.ofLiteral("169.254.20.10"));
        DnsSettings settings = ClusterDnsDefault.settings(parse(), false);
        if (local) {
            assertThat(settings.bind()).isEqualTo(new InetSocketAddress("169.254.20.10", 53));
        } else {
            assertThat(settings).isNull();
        }
        assertThat(ClusterDnsDefault.settings(parse("--dns-bind-address", "off"), false)).isNull();
        assertThat(ClusterDnsDefault.settings(parse("--dns-bind-address", "169.254.20.10:53"), true).bind())
                .isEqualTo(new InetSocketAddress("169.254.20.10", 53)); // explicit: used as given
        assertThat(ClusterDnsDefault.isLocal(InetAddress.ofLiteral("127.0.0.1"))).isTrue();
    }

    @Test
    void aDnsAddressThatIsNotLocalFailsTheStartNamingTheFlag() {
        InetAddress notLocal = InetAddress.ofLiteral("192.0.2.53"); // TEST-NET-1: never on this machine
        assumeFalse(ClusterDnsDefault.isLocal(notLocal));
        DnsSettings settings = parse("--dns-bind-address", "192.0.2.53:0", "--dns-upstream", "127.0.0.1:9")
                .settings(true).orElseThrow();
        ManifestFolder folder = new ManifestFolder(dir, "node-a", "strait");
        assertThatThrownBy(() -> new ProxyRuntime(StandaloneDnsIT.options(), ProxyRuntime.health(StandaloneDnsIT.options()),
                folder, null, LoadBalancerSink.NONE, settings).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--dns-bind-address 192.0.2.53:0");
    }
}
