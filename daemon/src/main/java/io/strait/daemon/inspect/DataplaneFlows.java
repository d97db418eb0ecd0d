package io.strait.daemon.inspect;

import io.strait.proxy.dataplane.Dataplane;
import io.strait.proxy.dataplane.FlowView;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.plan.DataplanePlan;
import io.strait.proxy.plan.Frontend;
import io.strait.proxy.plan.RouteSpec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link FlowSource} of a running {@link Dataplane}: a snapshot of its flow table, each flow
 * named by the Service port whose frontend it came in on (looked up in the plan in effect; a flow
 * of a frontend that was removed meanwhile, draining, shows no Service).
 */
public final class DataplaneFlows implements FlowSource {
    private final Dataplane dataplane;
    private final Supplier<DataplanePlan> plan;

    public DataplaneFlows(Dataplane dataplane, Supplier<DataplanePlan> plan) {
        this.dataplane = dataplane;
        this.plan = plan;
    }

    @Override
    public List<Flow> flows() {
        long now = System.nanoTime();
        var routes = plan.get().routes();
        List<Flow> out = new ArrayList<>();
        for (FlowView.Entry e : dataplane.flows().snapshot()) {
            RouteSpec route = routes.get(new Frontend(Protocol.valueOf(e.protocol().name()), e.frontend()));
            out.add(new Flow(e.protocol().name(), text(e.client()), text(e.frontend()), text(e.backend()),
                    route == null ? "" : route.service().service().namespace(),
                    route == null ? "" : route.service().service().name(),
                    route == null ? "" : route.service().port(),
                    (now - e.createdNanos()) / 1_000_000, e.bytesFromClient(), e.bytesToClient()));
        }
        return out;
    }

    private static String text(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
