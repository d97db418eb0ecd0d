package io.strait.ingress.testing;

import io.strait.lb.TrafficDistribution;
import io.strait.lb.TrafficPolicy;
import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.EndpointPort;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.ServiceType;
import io.strait.proxy.model.SliceInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a ClusterState of ClusterIP Services, one EndpointSlice per endpoint (so each may have its own port). */
public final class TestCluster {
    private final Map<ServiceName, ServiceInfo> services = new HashMap<>();
    private final Map<ServiceName, List<SliceInfo>> slices = new HashMap<>();

    /** A Service with one TCP port (named {@code portName}) and these ready endpoints. */
    public TestCluster service(String ns, String name, int port, String portName, InetSocketAddress... endpoints) {
        ServiceName sn = new ServiceName(ns, name);
        services.put(sn, new ServiceInfo(sn, ServiceType.CLUSTER_IP, List.of(), List.of(), List.of(),
                List.of(new ServicePort(portName, Protocol.TCP, port, 0, 0)), null, TrafficPolicy.CLUSTER,
                TrafficPolicy.CLUSTER, TrafficDistribution.NONE, 0, List.of(), Map.of()));
        List<SliceInfo> list = new ArrayList<>();
        for (int i = 0; i < endpoints.length; i++) {
            InetSocketAddress e = endpoints[i];
            list.add(new SliceInfo(sn, name + "-" + i, List.of(new EndpointPort(portName, Protocol.TCP, e.getPort())),
                    List.of(new EndpointAddress(e.getAddress(), null, null, true, true, false, Set.of(), Set.of())), null));
        }
        slices.put(sn, list);
        return this;
    }

    /** Services named after their port 8080 backends, each with one distinct fake endpoint. */
    public static TestCluster named(String ns, String... names) {
        TestCluster c = new TestCluster();
        for (int i = 0; i < names.length; i++) {
            c.service(ns, names[i], 8080, "http", new InetSocketAddress("10.0.0." + (i + 1), 9000 + i));
        }
        return c;
    }

    public ClusterState state() {
        return new ClusterState(services, slices, null);
    }
}
