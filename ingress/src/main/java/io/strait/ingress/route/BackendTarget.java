package io.strait.ingress.route;

import io.strait.proxy.model.ServiceName;
import java.util.Objects;

/**
 * One backendRef of a rule: a Service port and a weight, or a reference that could not be
 * resolved ({@code failure} non-null): requests that fall on it get 500, as the Gateway API
 * requires for invalid backendRefs.
 *
 * @param port     the Service port number, or 0 when referred to by name
 * @param portName the Service port name (Ingress {@code port.name}), or null
 * @param weight   relative weight, 0 takes no traffic
 * @param failure  why the reference is unusable, or null
 */
public record BackendTarget(ServiceName service, int port, String portName, int weight, String failure) {
    public BackendTarget {
        Objects.requireNonNull(service, "service");
    }

    /** The key a table's balancer map uses: the Service port, independent of weight. */
    public Key key() {
        return new Key(service, port, portName);
    }

    /** A Service port by number or name. */
    public record Key(ServiceName service, int port, String portName) {
        @Override
        public String toString() {
            return service + ":" + (portName != null ? portName : Integer.toString(port));
        }
    }
}
