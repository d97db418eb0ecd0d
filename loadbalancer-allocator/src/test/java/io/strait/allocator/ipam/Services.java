package io.strait.allocator.ipam;

import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceName;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Test builders for {@link LbService}. */
final class Services {
    private Services() {}

    static LbService lb(String name, String... ingress) {
        return new LbService(new ServiceName("default", name), Map.of(), true, null, List.of(), null, null,
                List.of(), null, List.of(new LbService.PortKey(Protocol.TCP, 80)), false,
                Arrays.stream(ingress).map(InetAddress::ofLiteral).toList(), null);
    }

    static LbService with(LbService s, List<InetAddress> requested, String pool, String key, int port) {
        return new LbService(s.name(), s.labels(), true, s.loadBalancerClass(), requested, pool, key, s.families(),
                s.familyPolicy(), List.of(new LbService.PortKey(Protocol.TCP, port)), s.localPolicy(), s.ingress(), null);
    }

    static LbService families(LbService s, String policy, String... families) {
        return new LbService(s.name(), s.labels(), true, s.loadBalancerClass(), s.requestedIPs(), s.requestedPool(),
                s.sharingKey(), List.of(families), policy, s.ports(), s.localPolicy(), s.ingress(), null);
    }

    static List<InetAddress> ips(String... ips) {
        return Arrays.stream(ips).map(InetAddress::ofLiteral).toList();
    }
}
