package io.strait.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.strait.dns.zone.Answer;
import io.strait.dns.zone.Clusters;
import io.strait.dns.zone.RrType;
import io.strait.dns.zone.Zone;
import io.strait.dns.zone.ZoneSettings;
import io.strait.proxy.model.ClusterState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterDnsTest {
    @Test
    void updateSwapsTheWholeZoneAndReadersKeepTheOneTheyHold() {
        ClusterDns dns = new ClusterDns(ZoneSettings.defaults());
        Zone before = dns.zone();
        assertThat(before.lookup("web.shop.svc.cluster.local", RrType.A.code()).rcode()).isEqualTo(Answer.NXDOMAIN);
        assertThat(dns.update(Clusters.sample())).isEmpty();
        assertThat(dns.zone().lookup("web.shop.svc.cluster.local", RrType.A.code()).answers()).hasSize(1);
        assertThat(before.lookup("web.shop.svc.cluster.local", RrType.A.code()).rcode()).isEqualTo(Answer.NXDOMAIN);
        dns.update(ClusterState.EMPTY);
        assertThat(dns.zone().lookup("web.shop.svc.cluster.local", RrType.A.code()).rcode()).isEqualTo(Answer.NXDOMAIN);
    }

    @Test
    void soaSerialGrowsWithEveryUpdate() {
        ClusterDns dns = new ClusterDns(ZoneSettings.defaults());
        String first = dns.zone().lookup("cluster.local", RrType.SOA.code()).answers().getFirst().toString();
        dns.update(Clusters.sample());
        String second = dns.zone().lookup("cluster.local", RrType.SOA.code()).answers().getFirst().toString();
        assertThat(first).contains(" 1 7200 ");
        assertThat(second).contains(" 2 7200 ");
    }

    @Test
    void aServiceWhoseNameIsNoDnsLabelIsLeftOutAndNamed() {
        ClusterDns dns = new ClusterDns(ZoneSettings.defaults());
        ClusterState bad = new Clusters().clusterIp("shop", "web_v2", List.of("10.96.0.12")).state();
        assertThat(dns.update(bad)).containsExactly(
                "Service shop/web_v2: metadata.name/namespace: not a DNS label, no DNS records");
    }
}
