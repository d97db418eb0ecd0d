package io.strait.proxy.k8s;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.EndpointPort;
import io.strait.proxy.model.Protocol;
import io.strait.proxy.model.ServiceName;
import io.strait.proxy.model.SliceInfo;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Translates a fabric8 discovery.k8s.io/v1 {@link EndpointSlice} into a {@link SliceInfo}.
 * Stateless and thread-safe.
 */
public final class SliceTranslator {
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    public static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

    public Translation<SliceInfo> translate(EndpointSlice slice) {
        var meta = slice.getMetadata();
        ServiceName sliceName = K8sNames.serviceName("EndpointSlice", meta);
        String ref = "EndpointSlice " + sliceName;
        String svc = meta.getLabels() == null ? null : meta.getLabels().get(SERVICE_NAME_LABEL);
        if (svc == null || svc.isEmpty()) {
            throw new InvalidObjectException(ref, "metadata.labels[" + SERVICE_NAME_LABEL + "]",
                    "missing: a slice is joined to its Service by this label");
        }
        String type = slice.getAddressType();
        if ("FQDN".equals(type)) {
            return new Translation.Ignored<>("FQDN EndpointSlices are not proxied (as kube-proxy)");
        }
        if (!"IPv4".equals(type) && !"IPv6".equals(type)) {
            throw new InvalidObjectException(ref, "addressType",
                    "must be IPv4, IPv6 or FQDN (got " + (type == null ? "nothing" : "\"" + type + "\"") + ")");
        }
        List<EndpointPort> ports = new ArrayList<>();
        var rawPorts = slice.getPorts() == null ? List.<io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort>of() : slice.getPorts();
        for (int i = 0; i < rawPorts.size(); i++) {
            var p = rawPorts.get(i);
            String field = "ports[" + i + "]";
            Addresses.checkPort(ref, field + ".port", p.getPort(), false);
            Protocol protocol;
            try {
                protocol = Protocol.parse(p.getProtocol());
            } catch (IllegalArgumentException e) {
                throw new InvalidObjectException(ref, field + ".protocol", e.getMessage());
            }
            ports.add(new EndpointPort(p.getName(), protocol, p.getPort()));
        }
        List<EndpointAddress> endpoints = new ArrayList<>();
        var raw = slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints();
        for (int i = 0; i < raw.size(); i++) {
            endpoints.add(endpoint(ref, "endpoints[" + i + "]", raw.get(i), "IPv4".equals(type)));
        }
        return new Translation.Accepted<>(new SliceInfo(new ServiceName(sliceName.namespace(), svc),
                sliceName.name(), ports, endpoints, triggerTime(meta.getAnnotations())));
    }

    private static EndpointAddress endpoint(String ref, String field, Endpoint e, boolean v4) {
        if (e.getAddresses() == null || e.getAddresses().isEmpty()) {
            throw new InvalidObjectException(ref, field + ".addresses", "missing: an endpoint needs an address");
        }
        // kube-proxy uses the first address only; the API requires all to be of the slice's family.
        InetAddress address = Addresses.literal(ref, field + ".addresses[0]", e.getAddresses().getFirst());
        if ((address instanceof Inet4Address) != v4) {
            throw new InvalidObjectException(ref, field + ".addresses[0]",
                    address.getHostAddress() + " does not match the slice's addressType");
        }
        EndpointConditions c = e.getConditions();
        boolean ready = c == null || c.getReady() == null || c.getReady();
        // Unset serving is true, whatever ready says, as kube-proxy's EndpointSliceCache and the API
        // documentation have it: a terminating endpoint without the field is serving-terminating.
        boolean serving = c == null || c.getServing() == null || c.getServing();
        boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
        Set<String> zones = Set.of();
        Set<String> nodes = Set.of();
        if (e.getHints() != null) {
            if (e.getHints().getForZones() != null) {
                zones = e.getHints().getForZones().stream().map(z -> z.getName()).collect(Collectors.toSet());
            }
            if (e.getHints().getForNodes() != null) {
                nodes = e.getHints().getForNodes().stream().map(n -> n.getName()).collect(Collectors.toSet());
            }
        }
        String hostname = e.getHostname() == null || e.getHostname().isEmpty() ? null
                : DnsNames.label(ref, field + ".hostname", e.getHostname());
        return new EndpointAddress(address, e.getNodeName(), e.getZone(), ready, serving, terminating, zones, nodes,
                hostname);
    }

    private static Instant triggerTime(java.util.Map<String, String> annotations) {
        String v = annotations == null ? null : annotations.get(TRIGGER_TIME);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            return null; // only feeds the network-programming latency metric
        }
    }
}
