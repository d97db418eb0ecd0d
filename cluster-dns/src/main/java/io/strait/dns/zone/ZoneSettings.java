package io.strait.dns.zone;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What shapes the cluster zone.
 *
 * @param origin the cluster domain ({@code --cluster-domain}, default cluster.local), canonical
 * @param ttl    the TTL of every record and the SOA minimum, in seconds (CoreDNS's {@code ttl}, default 5)
 * @param pods   {@code --dns-pods}
 */
public record ZoneSettings(String origin, long ttl, PodsMode pods) {
    public static final String DEFAULT_ORIGIN = "cluster.local";
    public static final long DEFAULT_TTL = 5;
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)*[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public ZoneSettings {
        Objects.requireNonNull(pods, "pods");
        origin = Names.canonical(Objects.requireNonNull(origin, "origin"));
        if (!DOMAIN.matcher(origin).matches() || origin.length() > 200) {
            throw new IllegalArgumentException("--cluster-domain: not a DNS name: \"" + origin + "\"");
        }
        if (ttl < 0 || ttl > 3600) {
            throw new IllegalArgumentException("--dns-ttl: must be between 0 and 3600 seconds (CoreDNS's range), got " + ttl);
        }
    }

    public static ZoneSettings defaults() {
        return new ZoneSettings(DEFAULT_ORIGIN, DEFAULT_TTL, PodsMode.INSECURE);
    }
}
