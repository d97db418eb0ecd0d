package io.strait.daemon.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strait.dns.DnsSettings;
import io.strait.dns.zone.PodsMode;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DnsFlagsTest {
    static DnsFlags parse(String... args) {
        DnsFlags flags = new DnsFlags();
        new CommandLine(flags).parseArgs(args);
        return flags;
    }

    @Test
    void kubernetesModeServesOnTheNodeLocalAddressByDefaultStandaloneOnlyWhenAsked() {
        DnsSettings k = parse().settings(true).orElseThrow();
        assertThat(k.bind()).isEqualTo(new InetSocketAddress("169.254.20.10", 53));
        assertThat(k.zone().origin()).isEqualTo("cluster.local");
        assertThat(k.zone().ttl()).isEqualTo(5);
        assertThat(k.zone().pods()).isEqualTo(PodsMode.INSECURE);
        assertThat(k.upstreams()).isEmpty(); // resolv.conf then
        assertThat(k.autopath()).isTrue();
        assertThat(parse().settings(false)).isEmpty();
        assertThat(parse("--dns-bind-address", "off").settings(true)).isEmpty();
    }

    @Test
    void everyFlagReachesTheSettings() {
        DnsSettings s = parse("--dns-bind-address", "127.0.0.1:5353", "--dns-upstream", "10.0.0.2,[fd00::53]:5300",
                "--dns-pods", "disabled", "--cluster-domain", "Corp.Example", "--dns-ttl", "30", "--dns-threads", "2", "--dns-autopath", "false")
                .settings(false).orElseThrow();
        assertThat(s.bind()).isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
        assertThat(s.upstreams()).containsExactly(new InetSocketAddress("10.0.0.2", 53), new InetSocketAddress("fd00::53", 5300));
        assertThat(s.zone().pods()).isEqualTo(PodsMode.DISABLED);
        assertThat(s.zone().origin()).isEqualTo("corp.example");
        assertThat(s.zone().ttl()).isEqualTo(30);
        assertThat(s.threads()).isEqualTo(2);
        assertThat(s.autopath()).isFalse();
    }

    @Test
    void badValuesNameTheirFlag() {
        assertThatThrownBy(() -> parse("--dns-bind-address", "nowhere").settings(false))
                .hasMessageStartingWith("--dns-bind-address: ");
        assertThatThrownBy(() -> parse("--dns-pods", "verified").settings(true))
                .hasMessageContaining("--dns-pods verified is not supported");
        assertThatThrownBy(() -> parse("--dns-upstream", "resolver.example").settings(true))
                .hasMessageContaining("--dns-upstream: not an IP address");
        assertThatThrownBy(() -> parse("--cluster-domain", "bad_domain").settings(true))
                .hasMessageContaining("--cluster-domain: not a DNS name");
        assertThatThrownBy(() -> parse("--dns-ttl", "-1").settings(true)).hasMessageContaining("--dns-ttl");
    }
}
