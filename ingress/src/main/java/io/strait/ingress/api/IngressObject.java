package io.strait.ingress.api;

import java.util.List;
import java.util.Objects;

/**
 * A {@code networking.k8s.io/v1 Ingress}.
 *
 * @param ingressClassName {@code spec.ingressClassName}, or null when unset
 * @param defaultBackend   {@code spec.defaultBackend}, or null
 */
public record IngressObject(Meta meta, String ingressClassName, Backend defaultBackend, List<Rule> rules,
                            List<Tls> tls) {
    public IngressObject {
        Objects.requireNonNull(meta, "meta");
        rules = rules == null ? List.of() : List.copyOf(rules);
        tls = tls == null ? List.of() : List.copyOf(tls);
    }

    /** {@code spec.rules[]}: host may be null (every host). */
    public record Rule(String host, List<Path> paths) {
        public Rule {
            paths = paths == null ? List.of() : List.copyOf(paths);
        }
    }

    /** {@code spec.rules[].http.paths[]}: pathType is Exact, Prefix or ImplementationSpecific. */
    public record Path(String path, String pathType, Backend backend) {}

    /**
     * An Ingress backend: a Service and its port by number or by name (exactly one), or a
     * {@code resource} backend (unsupported: {@code resourceKind} is non-null then).
     */
    public record Backend(String serviceName, int portNumber, String portName, String resourceKind) {
        /** A Service backend by port number. */
        public static Backend service(String name, int port) {
            return new Backend(name, port, null, null);
        }

        /** A Service backend by port name. */
        public static Backend service(String name, String port) {
            return new Backend(name, 0, port, null);
        }
    }

    /** {@code spec.tls[]}. */
    public record Tls(List<String> hosts, String secretName) {
        public Tls {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
        }
    }
}
