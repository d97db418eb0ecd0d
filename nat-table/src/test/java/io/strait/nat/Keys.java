package io.strait.nat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Flow keys for tests: key {@code i} is a UDP client 10.0.x.y:port towards one frontend. */
final class Keys {

  static final InetSocketAddress FRONTEND = address(10, 96, 0, 10, 53);

  private Keys() {}

  static FlowKey udp(int i) {
    return new FlowKey(Protocol.UDP, client(i), FRONTEND);
  }

  static FlowKey tcp(int i) {
    return new FlowKey(Protocol.TCP, client(i), FRONTEND);
  }

  static InetSocketAddress client(int i) {
    return address(10, 0, (i >>> 8) & 0xFF, i & 0xFF, 30000 + (i >>> 16));
  }

  static InetSocketAddress backend(int i) {
    return address(10, 244, 1, i, 8080);
  }

  static InetSocketAddress address(int a, int b, int c, int d, int port) {
    try {
      byte[] ip = {(byte) a, (byte) b, (byte) c, (byte) d};
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
