package io.strait.dns.zone;

import java.util.Locale;

/**
 * CoreDNS's {@code pods} option for {@code a-b-c-d.ns.pod.zone} names. {@code verified} (answer only
 * for pods that exist in that namespace) needs a Pod watch Strait does not have, so it is refused
 * rather than silently treated as {@code insecure}.
 */
public enum PodsMode {
    /** No pod names: everything under {@code pod.zone} is NXDOMAIN. */
    DISABLED,
    /** Any dashed address in any namespace answers with that address (kubeadm's default). */
    INSECURE;

    public static PodsMode parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "disabled" -> DISABLED;
            case "insecure" -> INSECURE;
            case "verified" -> throw new IllegalArgumentException(
                    "--dns-pods verified is not supported: it needs a Pod watch Strait does not have (use insecure or disabled)");
            default -> throw new IllegalArgumentException(
                    "--dns-pods: unknown value \"" + value + "\" (allowed: disabled, insecure)");
        };
    }
}
