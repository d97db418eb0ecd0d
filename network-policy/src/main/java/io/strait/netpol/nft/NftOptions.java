package io.strait.netpol.nft;

/**
 * How the table is named and which packet mark lets already-checked traffic pass.
 *
 * @param table    the {@code inet} table's name
 * @param passMark the bits of {@code meta mark} Strait sets on its own backend connections
 *                 ({@code SO_MARK}); a packet with all of them set is accepted without a policy check
 */
public record NftOptions(String table, int passMark) {
    /** {@code inet strait-netpol}, mark {@code 0x4000} (kube-proxy uses 0x4000 for masquerade and 0x8000 for drop in iptables mode; Strait's own mark lives in its own table, so it only needs to be a bit Strait sets). */
    public static final NftOptions DEFAULT = new NftOptions("strait-netpol", 0x4000);

    public NftOptions {
        if (!table.matches("[a-zA-Z][a-zA-Z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("table name \"" + table + "\" is not a valid nftables identifier");
        }
        if (passMark == 0) {
            throw new IllegalArgumentException("passMark must have at least one bit set");
        }
    }
}
