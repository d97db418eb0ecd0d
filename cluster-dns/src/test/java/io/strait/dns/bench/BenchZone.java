package io.strait.dns.bench;

import io.strait.dns.zone.Clusters;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.EndpointPort;
import io.strait.proxy.model.Protocol;
import java.util.List;

/** A cluster of {@code n} ClusterIP Services (svc-i.ns-(i%10)) and n/10 headless ones with 3 endpoints each. */
public final class BenchZone {
    private BenchZone() {}

    public static ClusterState cluster(int n) {
        Clusters c = new Clusters();
        for (int i = 0; i < n; i++) {
            c.clusterIp("ns-" + (i % 10), "svc-" + i, List.of("10.96." + (i / 250) + "." + (i % 250 + 1)),
                    Clusters.port("http", Protocol.TCP, 80));
        }
        for (int i = 0; i < n / 10; i++) {
            EndpointAddress[] eps = new EndpointAddress[3];
            for (int j = 0; j < 3; j++) {
                eps[j] = Clusters.endpoint("10.244." + (i / 80) + "." + ((i % 80) * 3 + j + 1), "pod-" + j, true);
            }
            c.headless("ns-" + (i % 10), "hl-" + i, false, List.of(new EndpointPort("http", Protocol.TCP, 8080)), eps);
        }
        return c.state();
    }
}
