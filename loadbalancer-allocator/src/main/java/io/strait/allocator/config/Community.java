package io.strait.allocator.config;

/**
 * A BGP community: standard (RFC 1997, {@code 64512:100}) when {@code large} is false, else
 * large (RFC 8092, {@code large:64512:1:2}).
 */
public record Community(boolean large, long global, long local1, long local2) {
    /** Parses {@code a:b} or {@code large:a:b:c}; throws IllegalArgumentException saying why. */
    public static Community parse(String text) {
        String s = text.trim();
        if (s.startsWith("large:")) {
            String[] p = s.substring(6).split(":", -1);
            if (p.length != 3) {
                throw new IllegalArgumentException("\"" + text + "\" is not large:A:B:C");
            }
            return new Community(true, part(p[0], 0xffff_ffffL, text), part(p[1], 0xffff_ffffL, text),
                    part(p[2], 0xffff_ffffL, text));
        }
        String[] p = s.split(":", -1);
        if (p.length != 2) {
            throw new IllegalArgumentException("\"" + text + "\" is not A:B (or large:A:B:C)");
        }
        return new Community(false, part(p[0], 0xffff, text), part(p[1], 0xffff, text), 0);
    }

    private static long part(String p, long max, String text) {
        try {
            long v = Long.parseLong(p);
            if (v < 0 || v > max) {
                throw new IllegalArgumentException("\"" + text + "\": " + p + " is out of range 0-" + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\": \"" + p + "\" is not a number");
        }
    }

    /** The 32-bit value of a standard community. */
    public int standardValue() {
        return (int) ((global << 16) | local1);
    }

    @Override
    public String toString() {
        return large ? "large:" + global + ":" + local1 + ":" + local2 : global + ":" + local1;
    }
}
