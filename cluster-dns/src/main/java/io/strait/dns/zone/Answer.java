package io.strait.dns.zone;

import java.util.List;

/**
 * The zone's reply to one question.
 *
 * @param rcode         0 NOERROR, 2 SERVFAIL (a CNAME loop or an over-long chain), 3 NXDOMAIN
 * @param answers       the answer section, CNAMEs first in chain order
 * @param authority     the zone's SOA when the final name has no record of the type (RFC 2308)
 * @param additional    addresses of in-zone SRV targets
 * @param forwardTarget when the CNAME chain leaves the zone: the name to resolve upstream, else null
 */
public record Answer(int rcode, List<Rr> answers, List<Rr> authority, List<Rr> additional, String forwardTarget) {
    public static final int NOERROR = 0;
    public static final int SERVFAIL = 2;
    public static final int NXDOMAIN = 3;

    public Answer {
        answers = List.copyOf(answers);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
    }

    static Answer servfail() {
        return new Answer(SERVFAIL, List.of(), List.of(), List.of(), null);
    }
}
