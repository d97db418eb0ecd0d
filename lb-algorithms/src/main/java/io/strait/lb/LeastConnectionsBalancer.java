package io.strait.lb;

import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

/*
 * Weighted least-connections, as IPVS "wlc" (Linux net/netfilter/ipvs/ip_vs_wlc.c) without its
 * inactive-connection term: choose the endpoint with the lowest (active + 1) / weight, counting the
 * connection about to be made, compared by cross-multiplication so no division or rounding enters.
 * Live counts come from the caller (Strait's nat-table) through a ToIntFunction; this class keeps
 * none. Ties are broken uniformly at random by reservoir sampling over the tied endpoints, so an
 * idle Service does not send every burst to the first endpoint. O(n) reads per pick.
 */
final class LeastConnectionsBalancer extends BaseBalancer {
  private final ToIntFunction<Endpoint> activeConnections;

  LeastConnectionsBalancer(Candidates candidates, ToIntFunction<Endpoint> activeConnections,
                           LeastConnectionsBalancer previous) {
    super(Algorithm.LEAST_CONNECTIONS, candidates,
        previous == null ? new FirstChoices() : previous.firstChoices);
    this.activeConnections = activeConnections;
  }

  @Override
  int first(InetSocketAddress client) {
    Endpoint[] all = candidates.array;
    int[] w = candidates.weights;
    int best = 0;
    long bestLoad = load(all[0]);
    int ties = 1;
    for (int i = 1; i < all.length; i++) {
      long loadI = load(all[i]);
      long cmp = loadI * w[best] - bestLoad * w[i]; // loadI/w[i] vs bestLoad/w[best]
      if (cmp < 0) {
        best = i;
        bestLoad = loadI;
        ties = 1;
      } else if (cmp == 0 && ThreadLocalRandom.current().nextInt(++ties) == 0) {
        best = i;
        bestLoad = loadI;
      }
    }
    return best;
  }

  private long load(Endpoint e) {
    return Math.max(0, activeConnections.applyAsInt(e)) + 1L;
  }
}
