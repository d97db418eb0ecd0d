package io.strait.lb;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Test endpoints and clients. */
final class Fixtures {
  private Fixtures() {}

  static InetSocketAddress addr(String ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** 10.0.x.y:8080, i-th. */
  static Endpoint endpoint(int i) {
    return Endpoint.of(addr("10.0." + (i >> 8) + "." + (i & 255), 8080));
  }

  static List<Endpoint> endpoints(int n) {
    List<Endpoint> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(endpoint(i));
    }
    return list;
  }

  /** A client whose IP and port both vary with i. */
  static InetSocketAddress client(int i) {
    return addr("192.168." + ((i >> 8) & 255) + "." + (i & 255), 10_000 + (i % 50_000));
  }

  static Endpoint ep(String ip, String node, String zone, boolean ready, boolean serving, boolean terminating,
                     Set<String> zoneHints, Set<String> nodeHints) {
    return new Endpoint(addr(ip, 80), 1, node, zone, ready, serving, terminating, zoneHints, nodeHints);
  }
}
