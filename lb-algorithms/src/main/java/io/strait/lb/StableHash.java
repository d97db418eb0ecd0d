package io.strait.lb;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Hashes that are the same on every node and every run: FNV-1a over the input, finished with
 * MurmurHash3's 64-bit finaliser (fmix64) for avalanche. Never {@code Object.hashCode} of
 * anything whose value is unspecified, so every Strait node maps a flow to the same Maglev slot.
 */
final class StableHash {
  private static final long FNV_PRIME = 0x100000001b3L;

  private StableHash() {}

  /** Hash of a string's UTF-16 code units under a seed. */
  static long of(String s, long seed) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return fmix64(h);
  }

  /** Hash of a client address, with its port or without. Null counts as one fixed client. */
  static long ofClient(InetSocketAddress client, boolean withPort) {
    if (client == null) {
      return 0;
    }
    long h = ofAddress(client.getAddress());
    return withPort ? fmix64(h ^ (client.getPort() * 0x9E3779B97F4A7C15L)) : h;
  }

  static long ofAddress(InetAddress address) {
    if (address == null) {
      return 0;
    }
    if (address instanceof Inet4Address) {
      // An Inet4Address's hashCode is its 32-bit address (unchanged since JDK 1.0); no allocation.
      return fmix64(address.hashCode() & 0xFFFF_FFFFL);
    }
    long h = 0xcbf29ce484222325L;
    for (byte b : address.getAddress()) {
      h = (h ^ (b & 0xFF)) * FNV_PRIME;
    }
    return fmix64(h);
  }

  static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
