package io.strait.dns.server;

import java.util.List;

/**
 * What to answer: the rcode (values above 15 travel in the OPT record, RFC 6891 section 6.1.3),
 * the AA bit, and the three record sections.
 */
public record Reply(int rcode, boolean authoritative, List<WireRecord> answers, List<WireRecord> authority,
                    List<WireRecord> additional) {
    public static final int FORMERR = 1;
    public static final int SERVFAIL = 2;
    public static final int NOTIMP = 4;
    public static final int REFUSED = 5;
    public static final int BADVERS = 16;

    public Reply {
        answers = List.copyOf(answers);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
    }

    public static Reply error(int rcode) {
        return new Reply(rcode, false, List.of(), List.of(), List.of());
    }
}
