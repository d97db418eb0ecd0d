package io.strait.proxy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.proxy.model.Cidr;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceRangesTest {
    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    static SourceRanges of(String... cidrs) {
        return SourceRanges.only(java.util.Arrays.stream(cidrs).map(Cidr::parse).toList());
    }

    @Test
    void inet4HashCodeIsTheAddressAsAnInt() {
        // SourceRanges relies on it to stay allocation-free; a JDK that changes it fails here.
        assertThat(ip("10.1.2.3").hashCode()).isEqualTo(0x0a010203);
        assertThat(ip("203.0.113.255").hashCode()).isEqualTo(0xcb0071ff);
    }

    @Test
    void ipv4PrefixesMatchAsCidrDoes() {
        SourceRanges r = of("10.0.0.0/8", "192.168.7.9", "203.0.113.128/25");
        assertThat(r.allows(ip("10.200.1.1"))).isTrue();
        assertThat(r.allows(ip("11.0.0.1"))).isFalse();
        assertThat(r.allows(ip("192.168.7.9"))).isTrue();
        assertThat(r.allows(ip("192.168.7.10"))).isFalse();
        assertThat(r.allows(ip("203.0.113.200"))).isTrue();
        assertThat(r.allows(ip("203.0.113.127"))).isFalse();
        assertThat(r.allows(ip("fd00::1"))).isFalse();
    }

    @Test
    void ipv6AndZeroLengthPrefixes() {
        SourceRanges r = of("fd00:1::/32", "2001:db8::1/128");
        assertThat(r.allows(ip("fd00:1:ffff::9"))).isTrue();
        assertThat(r.allows(ip("fd00:2::1"))).isFalse();
        assertThat(r.allows(ip("2001:db8::1"))).isTrue();
        assertThat(r.allows(ip("2001:db8::2"))).isFalse();
        assertThat(r.allows(ip("10.0.0.1"))).isFalse();
        assertThat(of("0.0.0.0/0").allows(ip("1.2.3.4"))).isTrue();
        assertThat(of("::/0").allows(ip("::1"))).isTrue();
    }

    @Test
    void anyAdmitsAllAndAnEmptyRestrictionAdmitsNone() {
        assertThat(SourceRanges.ANY.allows(ip("1.2.3.4"))).isTrue();
        assertThat(SourceRanges.only(List.of()).allows(ip("1.2.3.4"))).isFalse();
        assertThat(of("10.0.0.0/8")).isEqualTo(of("10.0.0.0/8")).isNotEqualTo(SourceRanges.ANY);
    }
}
