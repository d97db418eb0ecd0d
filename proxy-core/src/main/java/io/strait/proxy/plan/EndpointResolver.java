package io.strait.proxy.plan;

import io.strait.lb.Endpoint;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.EndpointPort;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.SliceInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins a Service port to its endpoints across all of the Service's slices, as kube-proxy's
 * endpointslicecache does: the slice port with the Service port's name and protocol gives the
 * target port; an endpoint listed in several slices counts once (the first, by slice name).
 * Pure and thread-safe.
 */
public final class EndpointResolver {
    private EndpointResolver() {}

    /** The endpoints of this Service port, in slice order, deduplicated by address:port. */
    public static List<Endpoint> resolve(ServicePort port, List<SliceInfo> slices) {
        Map<InetSocketAddress, Endpoint> out = new LinkedHashMap<>();
        for (SliceInfo slice : slices) {
            int target = targetPort(port, slice);
            if (target == 0) {
                continue;
            }
            for (EndpointAddress e : slice.endpoints()) {
                InetSocketAddress address = new InetSocketAddress(e.address(), target);
                out.putIfAbsent(address, new Endpoint(address, 1, e.nodeName(), e.zone(),
                        e.ready(), e.serving(), e.terminating(), e.zoneHints(), e.nodeHints()));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** True when some slice lists ports but none matches this Service port's name and protocol. */
    public static boolean unmatched(ServicePort port, List<SliceInfo> slices) {
        boolean anyPorts = false;
        for (SliceInfo slice : slices) {
            anyPorts |= !slice.ports().isEmpty();
            if (targetPort(port, slice) != 0) {
                return false;
            }
        }
        return anyPorts;
    }

    private static int targetPort(ServicePort port, SliceInfo slice) {
        for (EndpointPort p : slice.ports()) {
            if (p.name().equals(port.name()) && p.protocol() == port.protocol()) {
                return p.port();
            }
        }
        return 0;
    }
}
