package io.strait.dns.zone;

import io.strait.proxy.model.ClusterState;
import io.strait.proxy.model.EndpointAddress;
import io.strait.proxy.model.EndpointPort;
import io.strait.proxy.model.ServiceInfo;
import io.strait.proxy.model.ServicePort;
import io.strait.proxy.model.ServiceType;
import io.strait.proxy.model.SliceInfo;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the cluster zone from a snapshot, record by record as the Kubernetes DNS-Based Service
 * Discovery specification (kubernetes/dns docs/specification.md, schema 1.1.0) lists them:
 * 2.2 {@code dns-version} TXT; 2.3 a ClusterIP Service's A/AAAA, SRV per named port and PTR;
 * 2.4 a headless Service's A/AAAA per ready endpoint, {@code hostname.service} A/AAAA, SRV per
 * ready endpoint and named port, PTR; 2.5 ExternalName CNAME. An endpoint without a hostname is
 * named by its dashed address (the spec's "system-assigned identifier", as CoreDNS). Headless SRV
 * records carry the EndpointSlice's port number, which is where clients connect. Pure; thread-safe.
 */
public final class ZoneBuilder {
    public static final String SCHEMA_VERSION = "1.1.0";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** The zone and the objects left out of it, each named with the reason. */
    public record Result(Zone zone, List<String> problems) {}

    private final ZoneSettings settings;
    private final Map<String, Set<Rr>> records = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<InetAddress, String> podNamespaces = new HashMap<>();
    private final Set<InetAddress> ambiguous = new HashSet<>();

    private ZoneBuilder(ZoneSettings settings) {
        this.settings = settings;
    }

    public static Result build(ClusterState state, ZoneSettings settings, long serial) {
        ZoneBuilder b = new ZoneBuilder(settings);
        String origin = settings.origin();
        Rr soa = new Rr(origin, settings.ttl(), new Rdata.Soa("ns.dns." + origin, "hostmaster." + origin,
                serial, 7200, 1800, 86400, settings.ttl()));
        b.add(soa);
        b.add(new Rr("dns-version." + origin, settings.ttl(), new Rdata.Txt(SCHEMA_VERSION)));
        state.services().values().stream().sorted(Comparator.comparing(ServiceInfo::name))
                .forEach(svc -> b.service(svc, state.slicesOf(svc.name())));
        return new Result(b.zone(soa), List.copyOf(b.problems));
    }

    private void service(ServiceInfo svc, List<SliceInfo> slices) {
        String ns = svc.name().namespace().toLowerCase(Locale.ROOT);
        String name = svc.name().name().toLowerCase(Locale.ROOT);
        if (!LABEL.matcher(ns).matches() || !LABEL.matcher(name).matches()) {
            problems.add("Service " + svc.name() + ": metadata.name/namespace: not a DNS label, no DNS records");
            return;
        }
        for (SliceInfo slice : slices) {
            for (EndpointAddress e : slice.endpoints()) {
                String before = podNamespaces.putIfAbsent(e.address(), ns);
                if (before != null && !before.equals(ns)) {
                    ambiguous.add(e.address());
                }
            }
        }
        String base = name + "." + ns + ".svc." + settings.origin();
        if (svc.type() == ServiceType.EXTERNAL_NAME) {
            add(new Rr(base, settings.ttl(), new Rdata.Cname(svc.externalName())));
        } else if (svc.headless()) {
            headless(svc, slices, base);
        } else {
            for (InetAddress ip : svc.clusterIPs()) {
                add(new Rr(base, settings.ttl(), new Rdata.Address(ip)));
                add(new Rr(Names.reverse(ip), settings.ttl(), new Rdata.Ptr(base)));
            }
            for (ServicePort p : svc.ports()) {
                if (!p.name().isEmpty()) {
                    add(new Rr(srvName(p.name(), p.protocol().name(), base), settings.ttl(),
                            new Rdata.Srv(0, 100, p.port(), base)));
                }
            }
        }
    }

    private void headless(ServiceInfo svc, List<SliceInfo> slices, String base) {
        Map<String, Set<Rdata.Srv>> srv = new LinkedHashMap<>();
        Set<InetAddress> seen = new HashSet<>();
        for (SliceInfo slice : slices) {
            for (EndpointAddress e : slice.endpoints()) {
                if (!(e.ready() || svc.publishNotReadyAddresses())) {
                    continue;
                }
                String host = (e.hostname() != null ? e.hostname() : Names.dashed(e.address())) + "." + base;
                if (seen.add(e.address())) {
                    add(new Rr(base, settings.ttl(), new Rdata.Address(e.address())));
                }
                add(new Rr(host, settings.ttl(), new Rdata.Address(e.address())));
                add(new Rr(Names.reverse(e.address()), settings.ttl(), new Rdata.Ptr(host)));
                for (EndpointPort p : slice.ports()) {
                    if (!p.name().isEmpty()) {
                        srv.computeIfAbsent(srvName(p.name(), p.protocol().name(), base), k -> new LinkedHashSet<>())
                                .add(new Rdata.Srv(0, 0, p.port(), host));
                    }
                }
            }
        }
        // RFC 2782: equal priority, weights sharing 100 so clients spread evenly (as CoreDNS).
        srv.forEach((owner, targets) -> targets.forEach(t -> add(new Rr(owner, settings.ttl(),
                new Rdata.Srv(0, Math.max(1, 100 / targets.size()), t.port(), t.target())))));
    }

    private static String srvName(String port, String protocol, String base) {
        return "_" + port.toLowerCase(Locale.ROOT) + "._" + protocol.toLowerCase(Locale.ROOT) + "." + base;
    }

    private void add(Rr rr) {
        records.computeIfAbsent(rr.name(), k -> new LinkedHashSet<>()).add(rr);
    }

    private Zone zone(Rr soa) {
        Map<String, List<Rr>> frozen = HashMap.newHashMap(records.size());
        Set<String> names = new HashSet<>();
        String origin = settings.origin();
        records.forEach((name, rrs) -> {
            List<Rr> list = new ArrayList<>(rrs);
            list.sort(Comparator.comparing((Rr r) -> r.type().ordinal()).thenComparing(Rr::toString));
            frozen.put(name, List.copyOf(list));
            for (String n = name; Names.within(n, origin) && names.add(n) && !n.equals(origin); n = Names.parent(n)) {
                // every ancestor up to the origin exists (empty non-terminals)
            }
        });
        ambiguous.forEach(podNamespaces::remove);
        return new Zone(origin, settings.ttl(), settings.pods(), soa, Map.copyOf(frozen), Set.copyOf(names),
                Map.copyOf(podNamespaces));
    }
}
