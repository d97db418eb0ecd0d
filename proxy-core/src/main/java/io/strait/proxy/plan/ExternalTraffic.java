package io.strait.proxy.plan;

import io.strait.proxy.problem.Problem;
import io.strait.proxy.model.Cidr;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServicePort;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-Service options of external traffic the planner puts on routes, parsed with their
 * problems reported on the Service: {@code spec.loadBalancerSourceRanges} and the PROXY protocol
 * annotation. Pure.
 *
 * <p>Source ranges apply to LoadBalancer-IP frontends only, as kube-proxy does (its iptables and
 * nftables firewall chains match the LB IP; NodePorts and external IPs stay open). An invalid
 * entry is reported and skipped; when every entry is invalid the LB IP admits no one (kube-proxy
 * would drop the filter and admit everyone; failing closed is the safer reading of the user's
 * intent).
 */
final class ExternalTraffic {
    private ExternalTraffic() {}

    static SourceRanges sourceRanges(ServiceInfo svc, List<Problem> problems) {
        List<String> raw = svc.loadBalancerSourceRanges();
        if (raw.isEmpty()) {
            return SourceRanges.ANY;
        }
        List<Cidr> cidrs = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                cidrs.add(Cidr.parse(raw.get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.of("Service " + svc.name(), "spec.loadBalancerSourceRanges[" + i + "]",
                        e.getMessage() + "; entry ignored"));
            }
        }
        if (cidrs.isEmpty()) {
            problems.add(Problem.of("Service " + svc.name(), "spec.loadBalancerSourceRanges",
                    "no valid entry: the LoadBalancer IP admits no client"));
        }
        return SourceRanges.only(cidrs);
    }

    static ProxyProtocol proxyProtocol(ServiceInfo svc, List<Problem> problems) {
        String wanted = svc.annotations().get(ProxyProtocol.ANNOTATION);
        if (wanted == null) {
            return ProxyProtocol.NONE;
        }
        try {
            return ProxyProtocol.parse(wanted);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.of("Service " + svc.name(), "metadata.annotations[" + ProxyProtocol.ANNOTATION + "]",
                    e.getMessage() + "; ignored, no PROXY header is sent"));
            return ProxyProtocol.NONE;
        }
    }

    /** The header for one port: PROXY protocol is TCP only; a UDP/SCTP port is reported and gets none. */
    static ProxyProtocol forPort(ProxyProtocol wanted, ServicePort port, int index, ServiceInfo svc,
                                 List<Problem> problems) {
        if (wanted == ProxyProtocol.NONE || port.protocol() == Protocol.TCP) {
            return wanted;
        }
        problems.add(Problem.of("Service " + svc.name(), "spec.ports[" + index + "].protocol",
                "the PROXY protocol is sent on TCP ports only; this " + port.protocol()
                        + " port is proxied without a header"));
        return ProxyProtocol.NONE;
    }
}
