package io.strait.lb;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/*
 * Service sessionAffinity: ClientIP, as kube-proxy's iptables mode does it with the "recent" match
 * (--rcheck --seconds timeoutSeconds --reap): the same client IP goes to the same endpoint while
 * that endpoint is present and the client has not been idle for timeoutSeconds (default 10800).
 *
 * The affinity is a bounded Caffeine cache, client IP -> endpoint key, expireAfterAccess(timeout),
 * maximumSize(MAX_CLIENTS): unlike the kernel's unbounded list, a flood of source addresses
 * evicts the least valuable entries (W-TinyLFU) instead of growing without end. A hit whose
 * endpoint is gone is dropped and the client re-balanced. Misses go to the wrapped balancer once
 * per client IP (Caffeine's atomic get-or-compute), so two simultaneous first connections from one
 * client agree. Maintenance runs on the calling thread (executor Runnable::run): no hidden threads.
 * The cache moves to the next balancer built from this one with the same algorithm and timeout.
 *
 * Retries (attempt k > 0) walk from the pinned endpoint to (pinned + k) mod n; the pin itself stays.
 */
final class AffinityBalancer implements Balancer {
  static final long MAX_CLIENTS = 1 << 16;

  private final BaseBalancer inner;
  private final Cache<InetAddress, String> pins;
  private final Duration timeout;
  private final Ticker ticker;

  private AffinityBalancer(BaseBalancer inner, Cache<InetAddress, String> pins, Duration timeout, Ticker ticker) {
    this.inner = inner;
    this.pins = pins;
    this.timeout = timeout;
    this.ticker = ticker;
  }

  static AffinityBalancer wrap(BaseBalancer inner, Duration timeout, Balancer previous, Ticker ticker) {
    if (previous instanceof AffinityBalancer p && p.timeout.equals(timeout) && p.ticker == ticker
        && p.algorithm() == inner.algorithm()) {
      return new AffinityBalancer(inner, p.pins, timeout, ticker);
    }
    Cache<InetAddress, String> pins = Caffeine.newBuilder()
        .expireAfterAccess(timeout)
        .maximumSize(MAX_CLIENTS)
        .executor(Runnable::run)
        .ticker(ticker)
        .build();
    return new AffinityBalancer(inner, pins, timeout, ticker);
  }

  /** The wrapped balancer, whose state carries over independently of the pins. */
  BaseBalancer inner() {
    return inner;
  }

  @Override
  public Endpoint pick(InetSocketAddress client, int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
    }
    Candidates c = inner.candidates;
    int n = c.size();
    if (attempt >= n) {
      return null;
    }
    if (client == null || client.getAddress() == null || n == 1) { // no IP to pin by
      return inner.pick(client, attempt);
    }
    int pinned = pinned(client);
    return pinned < 0 ? null : c.array[(pinned + attempt) % n];
  }

  /** The index of this client's pinned endpoint, pinning one now if it has none (or a stale one). */
  private int pinned(InetSocketAddress client) {
    InetAddress ip = client.getAddress();
    String key = pins.getIfPresent(ip);
    int i = inner.candidates.indexOf(key);
    if (i >= 0) {
      return i;
    }
    if (key != null) {
      pins.asMap().remove(ip, key); // its endpoint is gone: drop the affinity
    }
    key = pins.get(ip, unused -> {
      Endpoint e = inner.pick(client, 0);
      return e == null ? null : e.key();
    });
    return inner.candidates.indexOf(key);
  }

  /** Number of clients currently pinned (approximate, as Caffeine's estimatedSize). */
  long pinnedClients() {
    pins.cleanUp();
    return pins.estimatedSize();
  }

  @Override
  public List<Endpoint> endpoints() {
    return inner.endpoints();
  }

  @Override
  public Algorithm algorithm() {
    return inner.algorithm();
  }

  @Override
  public String toString() {
    return "client-ip-affinity(" + timeout + ")/" + inner;
  }
}
