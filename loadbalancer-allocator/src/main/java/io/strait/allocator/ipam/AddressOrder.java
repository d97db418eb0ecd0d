package io.strait.allocator.ipam;

import java.net.InetAddress;

/** Sorts addresses IPv4 first, then numerically. */
final class AddressOrder {
    private AddressOrder() {}

    static String key(InetAddress a) {
        byte[] b = a.getAddress();
        StringBuilder sb = new StringBuilder(b.length == 4 ? "4" : "6");
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
