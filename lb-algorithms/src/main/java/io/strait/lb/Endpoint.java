package io.strait.lb;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;

/**
 * One backend of a Service port, as an EndpointSlice describes it. Immutable.
 *
 * @param address     the resolved backend address and port
 * @param weight      relative weight, 1..{@value #MAX_WEIGHT}; 0 is rejected: an endpoint that
 *                    should take no new traffic is expressed as not ready (or terminating) instead
 * @param nodeName    the node hosting it, or null when unknown
 * @param zone        its topology zone, or null when unknown
 * @param ready       EndpointSlice condition {@code ready}
 * @param serving     EndpointSlice condition {@code serving}
 * @param terminating EndpointSlice condition {@code terminating}
 * @param zoneHints   {@code hints.forZones} names (copied; empty when none)
 * @param nodeHints   {@code hints.forNodes} names (copied; empty when none)
 */
public record Endpoint(InetSocketAddress address, int weight, String nodeName, String zone,
                       boolean ready, boolean serving, boolean terminating,
                       Set<String> zoneHints, Set<String> nodeHints) {

  /** The largest weight accepted (as Cilium's 16-bit Maglev weights). */
  public static final int MAX_WEIGHT = 65_535;

  public Endpoint {
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved() || address.getAddress() == null) {
      throw new IllegalArgumentException("endpoint address " + address + " must be a resolved IP address");
    }
    if (weight < 1 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException("endpoint " + address + ": weight " + weight
          + " is outside 1.." + MAX_WEIGHT + " (mark the endpoint not ready to stop new traffic)");
    }
    zoneHints = Set.copyOf(Objects.requireNonNull(zoneHints, "zoneHints"));
    nodeHints = Set.copyOf(Objects.requireNonNull(nodeHints, "nodeHints"));
  }

  /** A ready endpoint of weight 1 with no node, zone or hints: the common case in tests and tools. */
  public static Endpoint of(InetSocketAddress address) {
    return new Endpoint(address, 1, null, null, true, true, false, Set.of(), Set.of());
  }

  /** The same endpoint with another weight. */
  public Endpoint withWeight(int newWeight) {
    return new Endpoint(address, newWeight, nodeName, zone, ready, serving, terminating, zoneHints, nodeHints);
  }

  /** {@code ip:port}, IPv6 as {@code [ip]:port}: the stable key endpoints are sorted and identified by. */
  public String key() {
    String host = address.getAddress().getHostAddress();
    return address.getAddress() instanceof Inet6Address
        ? "[" + host + "]:" + address.getPort()
        : host + ":" + address.getPort();
  }
}
