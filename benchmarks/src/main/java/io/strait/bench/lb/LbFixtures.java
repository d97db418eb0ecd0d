package io.strait.bench.lb;

import io.strait.lb.Endpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Endpoints and clients shared by the lb benchmarks and the quality report. */
final class LbFixtures {
  /** Endpoint i listens on BASE_PORT + i, so a count lookup can be an array read. */
  static final int BASE_PORT = 20_000;

  private LbFixtures() {}

  static List<Endpoint> endpoints(int n) {
    List<Endpoint> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(Endpoint.of(address(new byte[] {10, 1, (byte) (i >> 8), (byte) i}, BASE_PORT + i)));
    }
    return list;
  }

  /** Distinct client IPs and ports. */
  static InetSocketAddress[] clients(int count) {
    InetSocketAddress[] clients = new InetSocketAddress[count];
    for (int i = 0; i < count; i++) {
      clients[i] = address(new byte[] {(byte) 172, 16, (byte) (i >> 8), (byte) i}, 30_000 + (i * 7) % 30_000);
    }
    return clients;
  }

  static String[] keys(List<Endpoint> endpoints) {
    return endpoints.stream().map(Endpoint::key).sorted().toArray(String[]::new);
  }

  private static InetSocketAddress address(byte[] ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
