package io.strait.ingress.compile;

import io.strait.ingress.api.IngressClassObject;
import io.strait.ingress.api.IngressObject;
import io.strait.ingress.route.Action;
import io.strait.ingress.route.BackendTarget;
import io.strait.ingress.route.HeaderEdits;
import io.strait.ingress.route.HostPattern;
import io.strait.ingress.route.ObjectRef;
import io.strait.ingress.route.PathMatch;
import io.strait.ingress.route.Problem;
import io.strait.ingress.route.RouteRule;
import io.strait.ingress.route.TlsBinding;
import io.strait.proxy.model.ServiceName;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingress ({@code networking.k8s.io/v1}) to route rules. Path types: {@code Exact} (whole path,
 * case-sensitive), {@code Prefix} (element-wise on {@code /}), and {@code ImplementationSpecific},
 * which Strait treats as {@code Prefix}. Hosts: exact, or {@code *.} covering one DNS label.
 * {@code defaultBackend} catches what no rule of any Ingress matched. Stateless.
 */
public final class IngressCompiler {
    /** The {@code spec.controller} of the IngressClass Strait implements. */
    public static final String CONTROLLER = "strait.io/ingress-controller";

    private IngressCompiler() {}

    public static ObjectRef ref(IngressObject ing) {
        return new ObjectRef("Ingress", ing.meta().namespace(), ing.meta().name());
    }

    /**
     * True when the Ingress is ours: its {@code ingressClassName} names a class of our controller, or
     * it names none and a default class (annotation {@value IngressClassObject#DEFAULT_CLASS_ANNOTATION})
     * of ours exists.
     */
    public static boolean isOurs(IngressObject ing, List<IngressClassObject> classes) {
        for (IngressClassObject c : classes) {
            boolean named = ing.ingressClassName() != null ? c.name().equals(ing.ingressClassName()) : c.isDefault();
            if (named && CONTROLLER.equals(c.controller())) {
                return true;
            }
        }
        return false;
    }

    /** The problems of this Ingress, each naming its field; empty when valid. */
    public static List<Problem> validate(IngressObject ing) {
        ObjectRef ref = ref(ing);
        List<Problem> out = new ArrayList<>();
        if (ing.defaultBackend() != null) {
            checkBackend(ref, "spec.defaultBackend", ing.defaultBackend(), out);
        }
        for (int i = 0; i < ing.rules().size(); i++) {
            IngressObject.Rule rule = ing.rules().get(i);
            String field = "spec.rules[" + i + "]";
            Hostnames.checkHost(ref, field + ".host", rule.host(), out);
            for (int j = 0; j < rule.paths().size(); j++) {
                IngressObject.Path p = rule.paths().get(j);
                String pf = field + ".http.paths[" + j + "]";
                if (p.pathType() == null || !List.of("Exact", "Prefix", "ImplementationSpecific").contains(p.pathType())) {
                    out.add(new Problem(ref, pf + ".pathType",
                            "must be Exact, Prefix or ImplementationSpecific, got " + p.pathType()));
                }
                if (p.path() == null || !p.path().startsWith("/")) {
                    out.add(new Problem(ref, pf + ".path", "must be an absolute path starting with /, got " + p.path()));
                }
                checkBackend(ref, pf + ".backend", p.backend(), out);
            }
        }
        for (int i = 0; i < ing.tls().size(); i++) {
            IngressObject.Tls tls = ing.tls().get(i);
            if (tls.secretName() == null || tls.secretName().isEmpty()) {
                out.add(new Problem(ref, "spec.tls[" + i + "].secretName", "must name a kubernetes.io/tls Secret"));
            }
            for (int j = 0; j < tls.hosts().size(); j++) {
                Hostnames.checkHost(ref, "spec.tls[" + i + "].hosts[" + j + "]", tls.hosts().get(j), out);
            }
        }
        return out;
    }

    private static void checkBackend(ObjectRef ref, String field, IngressObject.Backend b, List<Problem> out) {
        if (b == null) {
            out.add(new Problem(ref, field, "is required"));
        } else if (b.resourceKind() != null) {
            out.add(new Problem(ref, field + ".resource", "resource backends are not supported, use a Service"));
        } else if (b.serviceName() == null || b.serviceName().isEmpty()) {
            out.add(new Problem(ref, field + ".service.name", "is required"));
        } else if ((b.portName() == null || b.portName().isEmpty()) == (b.portNumber() <= 0 || b.portNumber() > 65535)) {
            out.add(new Problem(ref, field + ".service.port",
                    "needs exactly one of number (1..65535) or name, got number " + b.portNumber() + ", name " + b.portName()));
        }
    }

    /** The rules of a valid Ingress. */
    public static List<RouteRule> rules(IngressObject ing) {
        ObjectRef ref = ref(ing);
        List<RouteRule> out = new ArrayList<>();
        for (int i = 0; i < ing.rules().size(); i++) {
            IngressObject.Rule rule = ing.rules().get(i);
            HostPattern host = HostPattern.parse(rule.host(), true);
            for (int j = 0; j < rule.paths().size(); j++) {
                IngressObject.Path p = rule.paths().get(j);
                PathMatch path = p.pathType().equals("Exact") ? PathMatch.exact(p.path()) : PathMatch.prefix(p.path());
                out.add(new RouteRule(ref, host, path, null, List.of(), List.of(),
                        forward(ing, p.backend()), false, ing.meta().created(), i, j));
            }
        }
        if (ing.defaultBackend() != null) {
            out.add(new RouteRule(ref, HostPattern.ANY, PathMatch.prefix("/"), null, List.of(), List.of(),
                    forward(ing, ing.defaultBackend()), true, ing.meta().created(), Integer.MAX_VALUE, 0));
        }
        return out;
    }

    /** The TLS bindings of a valid Ingress (port 0: the Ingress HTTPS listener). */
    public static List<TlsBinding> tls(IngressObject ing) {
        List<TlsBinding> out = new ArrayList<>();
        for (IngressObject.Tls tls : ing.tls()) {
            ObjectRef secret = new ObjectRef("Secret", ing.meta().namespace(), tls.secretName());
            if (tls.hosts().isEmpty()) {
                out.add(new TlsBinding(0, HostPattern.ANY, secret));
            }
            for (String h : tls.hosts()) {
                out.add(new TlsBinding(0, HostPattern.parse(h, true), secret));
            }
        }
        return out;
    }

    private static Action forward(IngressObject ing, IngressObject.Backend b) {
        ServiceName service = new ServiceName(ing.meta().namespace(), b.serviceName());
        String portName = b.portName() == null || b.portName().isEmpty() ? null : b.portName();
        return new Action.Forward(List.of(new BackendTarget(service, portName == null ? b.portNumber() : 0,
                portName, 1, null)), HeaderEdits.NONE);
    }
}
