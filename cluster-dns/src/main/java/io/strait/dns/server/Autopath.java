package io.strait.dns.server;

import io.strait.dns.zone.Names;
import io.strait.dns.zone.Rdata;
import io.strait.dns.zone.Rr;
import io.strait.dns.zone.Zone;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Search-path expansion on the server, after CoreDNS's autopath plugin: a pod's resolv.conf says
 * {@code search NS.svc.ZONE svc.ZONE ZONE} with ndots:5, so its first query for an outside name N is
 * {@code N.NS.svc.ZONE}. When that name does not exist and the client's address is a pod the
 * snapshot places in namespace NS, the server tries {@code N.svc.ZONE}, {@code N.ZONE} and N itself
 * and answers the first that has records, as a CNAME from the asked name to the found one: one
 * round trip instead of four. When none has records the original NXDOMAIN goes back and the client
 * walks its list as usual. Search domains the node adds after the cluster ones are not known here:
 * a name that exists both at the root and under such a domain resolves to the root one first.
 */
final class Autopath {
    private Autopath() {}

    /** N when qname is N.NS.svc.ZONE for the client's namespace NS, else null. */
    static String base(Zone zone, InetAddress client, String qname) {
        String ns = client == null ? null : zone.namespaceOf(client);
        if (ns == null) {
            return null;
        }
        String suffix = "." + ns + ".svc." + zone.origin();
        String q = Names.canonical(qname);
        return q.endsWith(suffix) && q.length() > suffix.length() ? q.substring(0, q.length() - suffix.length()) : null;
    }

    /** The zone names to try after the one asked, in the client's search order. */
    static List<String> candidates(Zone zone, String base) {
        return List.of(base + ".svc." + zone.origin(), base + "." + zone.origin());
    }

    static boolean positive(Reply r) {
        return r.rcode() == 0 && !r.answers().isEmpty();
    }

    /** The found answer behind a CNAME from the name asked. */
    static Reply expanded(String qname, String found, long ttl, Reply r) {
        List<WireRecord> answers = new ArrayList<>();
        answers.add(WireRecord.of(new Rr(Names.canonical(qname), ttl, new Rdata.Cname(found))));
        answers.addAll(r.answers());
        return new Reply(0, false, answers, r.authority(), r.additional());
    }
}
