package io.strait.netpol.nft;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A named set or verdict map of the table: its declaration and its elements (sorted text, as nft
 * reads them: {@code 10.0.0.1}, {@code 10.0.0.1 . tcp . 8080}, {@code 10.0.0.1 : jump ingress-0}).
 *
 * @param kind {@code set} or {@code map}
 * @param type the nft type expression, e.g. {@code ipv4_addr} or {@code ipv4_addr : verdict}
 */
public record NftSet(String name, String kind, String type, String comment, SortedSet<String> elements) {
    public NftSet {
        elements = Collections.unmodifiableSortedSet(new TreeSet<>(elements));
    }

    /** The declaration without elements: what must be equal for an element-only update. */
    String declaration() {
        return kind + " " + name + " { type " + type + "; comment \"" + comment + "\"; }";
    }

    /** The key of an element ({@code 10.0.0.1} of {@code 10.0.0.1 : jump x}). */
    static String key(String element) {
        int colon = element.indexOf(" : ");
        return colon < 0 ? element : element.substring(0, colon);
    }
}
