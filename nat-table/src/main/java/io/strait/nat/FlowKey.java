package io.strait.nat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Identity of a flow: protocol, client address/port and frontend (service) address/port.
 *
 * <p>Value-equal and immutable. {@link #hashCode()} is overridden only to spread the bits
 * better than the record default ({@link InetSocketAddress#hashCode()} adds the port to the
 * address, so nearby clients collide); equality is the record's.
 */
public record FlowKey(Protocol protocol, InetSocketAddress client, InetSocketAddress frontend) {

  public FlowKey {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(frontend, "frontend");
  }

  @Override
  public int hashCode() {
    // The address and the port hashed apart; an unresolved address falls back to the
    // socket address's own hash (case-insensitive host name), still consistent with equals.
    InetAddress address = client.getAddress();
    int h = address != null ? address.hashCode() : client.hashCode();
    h = h * 0x9E3779B9 + client.getPort();
    h = h * 0x9E3779B9 + frontend.hashCode();
    h = h * 0x9E3779B9 + protocol.ordinal();
    return mix(h);
  }

  /** MurmurHash3's 32-bit finaliser: every input bit affects every output bit. */
  static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    return h;
  }
}
