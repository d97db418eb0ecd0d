package io.strait.ingress.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.strait.ingress.api.GatewayClassObject;
import io.strait.ingress.api.IngressClassObject;
import io.strait.ingress.api.IngressObject;
import io.strait.ingress.api.Meta;
import io.strait.ingress.api.RouteObjects;
import io.strait.ingress.api.TlsSecretObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/**
 * Translates fabric8 objects into route records, field for field; validation happens later, in
 * the compilers, which name the field of every problem. Missing optional parts become null or
 * empty lists.
 */
public final class RouteObjectsAdapter {
    private RouteObjectsAdapter() {}

    /** The snapshot of every route object the caller watches. */
    public static RouteObjects snapshot(List<io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass> gatewayClasses,
                                        List<io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway> gateways,
                                        List<io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute> routes,
                                        List<io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant> grants,
                                        List<IngressClass> ingressClasses, List<Ingress> ingresses, List<Secret> secrets) {
        return new RouteObjects(
                gatewayClasses.stream().map(c -> new GatewayClassObject(c.getMetadata().getName(),
                        c.getSpec() == null ? null : c.getSpec().getControllerName())).toList(),
                gateways.stream().map(GatewayAdapter::gateway).toList(),
                routes.stream().map(GatewayAdapter::route).toList(),
                grants.stream().map(GatewayAdapter::grant).toList(),
                ingressClasses.stream().map(RouteObjectsAdapter::ingressClass).toList(),
                ingresses.stream().map(RouteObjectsAdapter::ingress).toList(),
                secrets.stream().filter(s -> TlsSecretObject.TLS_TYPE.equals(s.getType()))
                        .map(RouteObjectsAdapter::secret).toList());
    }

    static Meta meta(ObjectMeta m) {
        Instant created = Instant.EPOCH;
        if (m.getCreationTimestamp() != null) {
            try {
                created = Instant.parse(m.getCreationTimestamp());
            } catch (DateTimeParseException e) {
                created = Instant.EPOCH;
            }
        }
        return new Meta(m.getNamespace() == null ? "" : m.getNamespace(), m.getName(), created, m.getAnnotations());
    }

    public static IngressClassObject ingressClass(IngressClass c) {
        return new IngressClassObject(c.getMetadata().getName(), c.getSpec() == null ? null : c.getSpec().getController(),
                c.getMetadata().getAnnotations());
    }

    public static IngressObject ingress(Ingress i) {
        var spec = i.getSpec();
        if (spec == null) {
            return new IngressObject(meta(i.getMetadata()), null, null, List.of(), List.of());
        }
        List<IngressObject.Rule> rules = spec.getRules() == null ? List.of() : spec.getRules().stream()
                .map(r -> new IngressObject.Rule(r.getHost(), r.getHttp() == null || r.getHttp().getPaths() == null
                        ? List.of() : r.getHttp().getPaths().stream().map(p -> new IngressObject.Path(p.getPath(),
                        p.getPathType(), backend(p.getBackend()))).toList()))
                .toList();
        List<IngressObject.Tls> tls = spec.getTls() == null ? List.of() : spec.getTls().stream()
                .map(t -> new IngressObject.Tls(t.getHosts(), t.getSecretName())).toList();
        return new IngressObject(meta(i.getMetadata()), spec.getIngressClassName(),
                spec.getDefaultBackend() == null ? null : backend(spec.getDefaultBackend()), rules, tls);
    }

    private static IngressObject.Backend backend(io.fabric8.kubernetes.api.model.networking.v1.IngressBackend b) {
        if (b == null) {
            return null;
        }
        if (b.getResource() != null) {
            return new IngressObject.Backend(null, 0, null, b.getResource().getKind());
        }
        var s = b.getService();
        if (s == null) {
            return new IngressObject.Backend(null, 0, null, null);
        }
        var port = s.getPort();
        return new IngressObject.Backend(s.getName(), port == null || port.getNumber() == null ? 0 : port.getNumber(),
                port == null ? null : port.getName(), null);
    }

    public static TlsSecretObject secret(Secret s) {
        return new TlsSecretObject(meta(s.getMetadata()), s.getType(), data(s, "tls.crt"), data(s, "tls.key"));
    }

    private static byte[] data(Secret s, String key) {
        String v = s.getData() == null ? null : s.getData().get(key);
        if (v != null) {
            return Base64.getDecoder().decode(v);
        }
        String plain = s.getStringData() == null ? null : s.getStringData().get(key);
        return plain == null ? new byte[0] : plain.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
