package io.strait.netpol.truth;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One case file of {@code cases/}: NetworkPolicy manifests ({@code ---} between them;
 * {@code ${ns/pod}} stands for that pod's IPv4 address, {@code ${ns/pod/v6}} for its IPv6 one) and, in comments, the upstream expectation as
 * ordered {@code # expect: allow|deny SRC -> DST [on PORT/PROTO]} lines over {@code ns/pod}
 * patterns with {@code *}; everything starts allowed and the last matching line wins. Traffic of
 * a pod to itself is not part of the expectation (the upstream suite ignores loopback too). The
 * expectation holds for both families.
 */
record TruthCase(String name, String yaml, List<Expect> expectations) {
    private static final Pattern EXPECT = Pattern.compile(
            "#\\s*expect:\\s*(allow|deny)\\s+(\\S+)\\s*->\\s*(\\S+)(?:\\s+on\\s+(\\d+|\\*)/(tcp|udp|\\*))?\\s*");
    private static final Pattern IP_REF = Pattern.compile("\\$\\{([a-z]+/[a-z]+(?:/v6)?)}");

    /** One expectation line. */
    record Expect(boolean allow, String src, String dst, String port, String proto) {
        boolean covers(String from, String to, int p, String pr) {
            return glob(src, from) && glob(dst, to) && (port.equals("*") || Integer.parseInt(port) == p)
                    && (proto.equals("*") || proto.equals(pr));
        }

        private static boolean glob(String pattern, String id) {
            String[] pp = pattern.equals("*") ? new String[] {"*", "*"} : pattern.split("/");
            String[] ii = id.split("/");
            return (pp[0].equals("*") || pp[0].equals(ii[0])) && (pp[1].equals("*") || pp[1].equals(ii[1]));
        }
    }

    static TruthCase load(String file) throws IOException {
        String text;
        try (InputStream in = TruthCase.class.getResourceAsStream("cases/" + file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Expect> expects = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = EXPECT.matcher(line);
            if (m.matches()) {
                expects.add(new Expect(m.group(1).equals("allow"), m.group(2), m.group(3),
                        m.group(4) == null ? "*" : m.group(4), m.group(5) == null ? "*" : m.group(5)));
            } else if (line.startsWith("# expect")) {
                throw new IllegalArgumentException(file + ": bad expectation line: " + line);
            }
        }
        return new TruthCase(file.replace(".yaml", ""), text, expects);
    }

    /** The manifests with pod IPs filled in. */
    List<NetworkPolicy> policies(Map<String, String> podIps) {
        Matcher m = IP_REF.matcher(yaml);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, podIps.get(m.group(1)));
        }
        m.appendTail(sb);
        List<NetworkPolicy> out = new ArrayList<>();
        for (String doc : sb.toString().split("\n---\n")) {
            if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
                out.add(Serialization.unmarshal(doc, NetworkPolicy.class));
            }
        }
        return out;
    }

    /** What the upstream suite expects for one probe. */
    boolean expected(String from, String to, int port, String proto) {
        boolean allow = true;
        for (Expect e : expectations) {
            if (e.covers(from, to, port, proto)) {
                allow = e.allow();
            }
        }
        return allow;
    }
}
