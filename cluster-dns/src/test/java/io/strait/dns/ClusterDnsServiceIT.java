package io.strait.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.dns.DnsRecordType;
import io.strait.dns.metrics.CountingDnsMetrics;
import io.strait.dns.server.Messages;
import io.strait.dns.zone.Clusters;
import io.strait.dns.zone.ZoneSettings;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled service: started from settings, fed snapshots, upstreams from resolv.conf. */
class ClusterDnsServiceIT {
    @Test
    void servesTheSnapshotItIsGivenAndReadsUpstreamsFromResolvConf(@TempDir Path dir) throws Exception {
        Path resolv = dir.resolve("resolv.conf");
        Files.writeString(resolv, "search example\nnameserver 127.0.0.9\nnameserver ::1\noptions ndots:5\n");
        CountingDnsMetrics metrics = new CountingDnsMetrics();
        DnsSettings settings = new DnsSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ZoneSettings.defaults(), List.of(), resolv, 1, true);
        try (ClusterDnsService dns = ClusterDnsService.start(settings, metrics)) {
            assertThat(dns.update(Clusters.sample())).isEmpty();
            byte[] q = Messages.query(3, "kubernetes.default.svc.cluster.local.", DnsRecordType.A, 0);
            try (DatagramSocket s = new DatagramSocket()) {
                s.setSoTimeout(5000);
                s.send(new DatagramPacket(q, q.length, dns.address()));
                byte[] buf = new byte[2048];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                assertThat(Messages.decode(Arrays.copyOf(buf, p.getLength())).answers())
                        .containsExactly("kubernetes.default.svc.cluster.local. A 5 10.3.0.1");
            }
            assertThat(dns.zone()).isEqualTo("cluster.local");
        }
    }

    @Test
    void withoutAnyUpstreamItRefusesToStartSayingWhy(@TempDir Path dir) throws Exception {
        Path resolv = dir.resolve("resolv.conf");
        Files.writeString(resolv, "nameserver 127.0.0.1\n");
        InetSocketAddress self = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 53);
        assertThatThrownBy(() -> ClusterDnsService.start(new DnsSettings(self, ZoneSettings.defaults(), List.of(), resolv, 1, true),
                new CountingDnsMetrics())).hasMessageContaining("--dns-upstream: no upstream resolver");
    }
}
