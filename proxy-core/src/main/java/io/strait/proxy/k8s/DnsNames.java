package io.strait.proxy.k8s;

import java.util.Locale;
import java.util.regex.Pattern;

/** Validation of the DNS names a Service or EndpointSlice carries (RFC 1123, as the API server checks). */
final class DnsNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private DnsNames() {}

    /** An RFC 1123 label (an endpoint hostname), lower-cased. */
    static String label(String object, String field, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!LABEL.matcher(v).matches()) {
            throw new InvalidObjectException(object, field, "not a DNS label (RFC 1123): \"" + value + "\"");
        }
        return v;
    }

    /** {@code spec.externalName}: an RFC 1123 subdomain, lower-cased, without a trailing dot. */
    static String externalName(String object, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidObjectException(object, field, "missing: an ExternalName Service needs a name");
        }
        String v = value.toLowerCase(Locale.ROOT);
        if (v.endsWith(".")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.length() > 253 || v.isEmpty()) {
            throw new InvalidObjectException(object, field, "not a DNS name (1 to 253 characters): \"" + value + "\"");
        }
        for (String l : v.split("\\.", -1)) {
            if (!LABEL.matcher(l).matches()) {
                throw new InvalidObjectException(object, field, "not a DNS name (RFC 1123): \"" + value + "\"");
            }
        }
        return v;
    }
}
