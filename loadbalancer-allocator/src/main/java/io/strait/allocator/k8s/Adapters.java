package io.strait.allocator.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.strait.allocator.config.RawObject;
import io.strait.allocator.ipam.LbService;
import io.strait.proxy.model.Cidr;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceName;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Translates fabric8 objects into the allocator core's plain inputs. Stateless and thread-safe.
 */
public final class Adapters {
    public static final String ANNOTATION_IPS = "metallb.io/loadBalancerIPs";
    public static final String ANNOTATION_POOL = "metallb.io/address-pool";
    public static final String ANNOTATION_SHARED = "metallb.io/allow-shared-ip";

    private Adapters() {}

    /** A metallb.io object (read as a GenericKubernetesResource) as plain data. */
    @SuppressWarnings("unchecked")
    public static RawObject raw(GenericKubernetesResource r) {
        ObjectMeta m = r.getMetadata();
        Object spec = r.getAdditionalProperties().get("spec");
        return new RawObject(r.getApiVersion(), r.getKind(), m == null ? null : m.getNamespace(),
                m == null ? null : m.getName(), spec instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of(),
                m == null ? null : m.getLabels());
    }

    /** What the allocator needs of a Service; a bad requested IP becomes {@link LbService#invalid()}. */
    public static LbService service(Service svc) {
        ObjectMeta m = svc.getMetadata();
        ServiceName name = new ServiceName(m.getNamespace() == null ? "default" : m.getNamespace(), m.getName());
        ServiceSpec spec = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
        Map<String, String> ann = m.getAnnotations() == null ? Map.of() : m.getAnnotations();
        List<InetAddress> requested = new ArrayList<>();
        String invalid = null;
        String field = ann.containsKey(ANNOTATION_IPS) ? "annotation " + ANNOTATION_IPS : "spec.loadBalancerIP";
        String text = ann.containsKey(ANNOTATION_IPS) ? ann.get(ANNOTATION_IPS) : spec.getLoadBalancerIP();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",")) {
                try {
                    requested.add(Cidr.parseIp(part));
                } catch (IllegalArgumentException e) {
                    invalid = field + ": " + e.getMessage();
                }
            }
        }
        List<LbService.PortKey> ports = new ArrayList<>();
        for (ServicePort p : spec.getPorts() == null ? List.<ServicePort>of() : spec.getPorts()) {
            try {
                ports.add(new LbService.PortKey(Protocol.parse(p.getProtocol()), p.getPort() == null ? 0 : p.getPort()));
            } catch (IllegalArgumentException e) {
                invalid = "spec.ports: " + e.getMessage();
            }
        }
        return new LbService(name, m.getLabels() == null ? Map.of() : m.getLabels(),
                "LoadBalancer".equals(spec.getType()), spec.getLoadBalancerClass(), requested,
                blankToNull(ann.get(ANNOTATION_POOL)), blankToNull(ann.get(ANNOTATION_SHARED)),
                spec.getIpFamilies() == null ? List.of() : spec.getIpFamilies(), spec.getIpFamilyPolicy(), ports,
                "Local".equals(spec.getExternalTrafficPolicy()), ingress(svc), invalid);
    }

    /** {@code status.loadBalancer.ingress[].ip}, skipping entries that are not IP literals. */
    public static List<InetAddress> ingress(Service svc) {
        List<InetAddress> out = new ArrayList<>();
        if (svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null
                || svc.getStatus().getLoadBalancer().getIngress() == null) {
            return out;
        }
        for (LoadBalancerIngress i : svc.getStatus().getLoadBalancer().getIngress()) {
            if (i.getIp() != null) {
                try {
                    out.add(Cidr.parseIp(i.getIp()));
                } catch (IllegalArgumentException ignored) {
                    // a hostname or garbage: not an address we could hold
                }
            }
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
