package io.strait.dns.zone;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable cluster zone and its lookup rules: RFC 1034 section 4.3.2 (CNAME restarts the
 * lookup at the target; a loop or more than {@value #MAX_CHAIN} links is SERVFAIL), RFC 2308
 * (NXDOMAIN when the name does not exist, NODATA when it exists without the type, both with the
 * SOA in the authority section), empty non-terminals (RFC 8020: "svc.zone", "ns.svc.zone" exist).
 * Reverse names are answered only when the zone holds their PTR; others are not ours (forwarded,
 * as CoreDNS's {@code fallthrough in-addr.arpa ip6.arpa}).
 */
public final class Zone {
    public static final int MAX_CHAIN = 8;

    private final String origin;
    private final long ttl;
    private final PodsMode pods;
    private final Rr soa;
    private final Map<String, List<Rr>> records;
    private final Set<String> names;
    private final Map<InetAddress, String> podNamespaces;

    Zone(String origin, long ttl, PodsMode pods, Rr soa, Map<String, List<Rr>> records, Set<String> names,
         Map<InetAddress, String> podNamespaces) {
        this.origin = origin;
        this.ttl = ttl;
        this.pods = pods;
        this.soa = soa;
        this.records = records;
        this.names = names;
        this.podNamespaces = podNamespaces;
    }

    /**
     * The namespace of the pod with this address, when some EndpointSlice lists it (and no two
     * namespaces claim it), else null. Autopath uses it to know a client's search path.
     */
    public String namespaceOf(InetAddress pod) {
        return podNamespaces.get(pod);
    }

    public String origin() {
        return origin;
    }

    /** Every record, for diagnostics and the differential test's reference zone. */
    public Map<String, List<Rr>> records() {
        return records;
    }

    /** True when the zone answers this name itself (below the origin, or a reverse name it holds). */
    public boolean isAuthoritativeFor(String qname) {
        String q = Names.canonical(qname);
        return Names.within(q, origin) || records.containsKey(q);
    }

    /** The reply to (qname, qtype), or null when the name is not this zone's (forward it). */
    public Answer lookup(String qname, int qtype) {
        String name = Names.canonical(qname);
        if (!isAuthoritativeFor(name)) {
            return null;
        }
        List<Rr> answers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (true) {
            List<Rr> at = recordsAt(name);
            Rr cname = at.stream().filter(r -> r.type() == RrType.CNAME).findFirst().orElse(null);
            if (cname != null && qtype != RrType.CNAME.code()) {
                if (!seen.add(name) || seen.size() > MAX_CHAIN) {
                    return Answer.servfail();
                }
                answers.add(cname);
                name = ((Rdata.Cname) cname.data()).target();
                if (!isAuthoritativeFor(name)) {
                    return new Answer(Answer.NOERROR, answers, List.of(), List.of(), name);
                }
                continue;
            }
            List<Rr> matching = at.stream().filter(r -> r.type().code() == qtype).toList();
            if (!matching.isEmpty()) {
                answers.addAll(matching);
                return new Answer(Answer.NOERROR, answers, List.of(), additional(matching), null);
            }
            int rcode = exists(name) ? Answer.NOERROR : Answer.NXDOMAIN;
            // our SOA belongs to the cluster zone; a reverse name (held for its PTR) has none to show
            List<Rr> authority = Names.within(name, origin) ? List.of(soa) : List.of();
            return new Answer(rcode, answers, authority, List.of(), null);
        }
    }

    private List<Rr> additional(List<Rr> matching) {
        List<Rr> out = new ArrayList<>();
        for (Rr r : matching) {
            if (r.data() instanceof Rdata.Srv srv) {
                for (Rr t : records.getOrDefault(srv.target(), List.of())) {
                    if ((t.type() == RrType.A || t.type() == RrType.AAAA) && !out.contains(t)) {
                        out.add(t);
                    }
                }
            }
        }
        return out;
    }

    private List<Rr> recordsAt(String name) {
        List<Rr> held = records.get(name);
        if (held != null) {
            return held;
        }
        InetAddress pod = podAddress(name);
        return pod == null ? List.of() : List.of(new Rr(name, ttl, new Rdata.Address(pod)));
    }

    private boolean exists(String name) {
        if (names.contains(name) || records.containsKey(name)) {
            return true;
        }
        if (pods == PodsMode.DISABLED) {
            return false;
        }
        if (podAddress(name) != null) {
            return true; // a pod name asked for another type: NODATA
        }
        String podZone = "pod." + origin;
        return name.equals(podZone) || (Names.within(name, podZone) && name.length() > podZone.length()
                && name.indexOf('.') == name.length() - podZone.length() - 1);
    }

    /** {@code a-b-c-d.ns.pod.zone} in insecure mode: the address the first label spells. */
    private InetAddress podAddress(String name) {
        if (pods == PodsMode.DISABLED) {
            return null;
        }
        String podZone = "." + "pod." + origin;
        if (!name.endsWith(podZone)) {
            return null;
        }
        String[] labels = name.substring(0, name.length() - podZone.length()).split("\\.", -1);
        return labels.length == 2 && !labels[1].isEmpty() ? Names.undash(labels[0]) : null;
    }
}
