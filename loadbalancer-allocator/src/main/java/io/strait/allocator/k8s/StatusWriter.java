package io.strait.allocator.k8s;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strait.allocator.ipam.Outcome;
import io.strait.proxy.model.ServiceName;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the allocator's outcomes to Kubernetes: {@code status.loadBalancer.ingress} through the
 * status subresource, and an Event per change of outcome (reasons {@code IPAllocated},
 * {@code AllocationFailed}) so nothing stays {@code <pending>} without a visible reason.
 * Confined to the allocator's control thread.
 */
final class StatusWriter {
    private static final Logger log = LoggerFactory.getLogger(StatusWriter.class);
    static final String COMPONENT = "strait-allocator";

    private final KubernetesClient client;
    private final Map<ServiceName, String> lastEvent = new HashMap<>();

    StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Brings the Service's status and Events in line with the outcome; false when a write failed. */
    boolean write(Service svc, Outcome outcome) {
        ServiceName name = new ServiceName(svc.getMetadata().getNamespace(), svc.getMetadata().getName());
        List<InetAddress> want = outcome instanceof Outcome.Assigned a ? a.ips() : List.of();
        boolean ok = true;
        if (!want.equals(Adapters.ingress(svc))) {
            try {
                client.services().inNamespace(name.namespace()).withName(name.name()).editStatus(s -> {
                    s.setStatus(new ServiceStatusBuilder().withNewLoadBalancer().withIngress(want.stream()
                            .map(ip -> new LoadBalancerIngressBuilder().withIp(ip.getHostAddress()).build())
                            .toList()).endLoadBalancer().build());
                    return s;
                });
            } catch (RuntimeException e) {
                log.warn("writing status.loadBalancer.ingress of Service {} failed: {}", name, e.toString());
                ok = false;
            }
        }
        String message = switch (outcome) {
            case Outcome.Assigned a -> "Assigned IP " + a.ips().stream().map(InetAddress::getHostAddress).toList()
                    + " from IPAddressPool " + a.pool();
            case Outcome.Failed f -> f.message();
        };
        if (ok && !message.equals(lastEvent.get(name))) {
            event(svc, outcome.reason(), outcome instanceof Outcome.Failed ? "Warning" : "Normal", message);
            lastEvent.put(name, message);
            if (outcome instanceof Outcome.Failed) {
                log.warn("{}: {}", outcome.reason(), message);
            } else {
                log.info("Service {}: {}", name, message);
            }
        }
        return ok;
    }

    void forget(ServiceName name) {
        lastEvent.remove(name);
    }

    private void event(Service svc, String reason, String type, String message) {
        String now = Instant.now().toString();
        try {
            client.v1().events().inNamespace(svc.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withNamespace(svc.getMetadata().getNamespace())
                    .withName(svc.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Service")
                    .withNamespace(svc.getMetadata().getNamespace()).withName(svc.getMetadata().getName())
                    .withUid(svc.getMetadata().getUid()).endInvolvedObject()
                    .withReason(reason).withType(type).withMessage(message)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .build()).create();
        } catch (RuntimeException e) {
            log.warn("recording Event {} on Service {}/{} failed: {}", reason, svc.getMetadata().getNamespace(),
                    svc.getMetadata().getName(), e.toString());
        }
    }
}
