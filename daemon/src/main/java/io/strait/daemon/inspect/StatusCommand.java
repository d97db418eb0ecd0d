package io.strait.daemon.inspect;

import io.strait.daemon.inspect.Status.EndpointStatus;
import io.strait.daemon.inspect.Status.PortStatus;
import io.strait.daemon.inspect.Status.ServiceStatus;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code strait status}: what a running instance serves, and the problems of its last sync. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a running instance's Services: frontends, endpoints and their health, algorithm, "
                + "load-balancer IPs, the problems of the last sync, and the problems it has now (manifests, LoadBalancer "
                + "configuration, allocation, announcing), from its /status.")
public final class StatusCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    InspectClient client;

    @Override
    public void run() {
        boolean json = client.json();
        String body = client.get("/status");
        spec.commandLine().getOut().print(json ? body + "\n" : render(InspectJson.read(body, Status.class)));
        spec.commandLine().getOut().flush();
    }

    static String render(Status s) {
        StringBuilder out = new StringBuilder();
        out.append("Node ").append(s.node()).append(s.lastSync() == null ? ": no sync yet\n"
                : ": last sync " + s.lastSync() + " (" + s.syncMillis() + " ms)\n\n");
        if (s.dns() != null) {
            out.append("Cluster DNS ").append(s.dns().zone()).append(" on ").append(s.dns().address()).append(" (UDP, TCP)\n\n");
        }
        Table services = new Table("SERVICE", "PORT", "TYPE", "ALGORITHM", "FRONTENDS", "ENDPOINTS", "ACTIVE", "LB IPS");
        Table endpoints = new Table("SERVICE", "PORT", "ENDPOINT", "NODE", "HEALTH");
        for (ServiceStatus svc : s.services()) {
            String name = svc.namespace() + "/" + svc.name();
            for (PortStatus p : svc.ports()) {
                String port = (p.port().isEmpty() ? "" : p.port() + "/") + p.protocol();
                long eligible = p.endpoints().stream().filter(e -> e.health().equals("eligible")).count();
                services.row(name, port, svc.type(), p.algorithm() == null ? null
                                : p.algorithm() + (p.clientIpAffinity() ? "+affinity" : ""),
                        p.frontends().stream().map(f -> f.address() + (f.listening() ? "" : " (not listening)"))
                                .collect(Collectors.joining(",")),
                        eligible + "/" + p.endpoints().size(),
                        p.traffic() == null ? null : p.traffic().active() + p.traffic().udpFlowsActive(),
                        svc.loadBalancerIPs().isEmpty() ? null : String.join(",", svc.loadBalancerIPs()));
                for (EndpointStatus e : p.endpoints()) {
                    endpoints.row(name, port, e.address(), e.node(), e.health());
                }
            }
        }
        out.append(services).append('\n').append(endpoints);
        out.append('\n').append(s.problems().isEmpty() ? "No problems in the last sync.\n" : "Problems of the last sync:\n");
        s.problems().forEach(p -> out.append("  ").append(p).append('\n'));
        if (!s.sourceProblems().isEmpty()) {
            out.append("Problems now (manifests, LoadBalancer configuration, allocation, announcing):\n");
            s.sourceProblems().forEach(p -> out.append("  ").append(p).append('\n'));
        }
        return out.toString();
    }
}
