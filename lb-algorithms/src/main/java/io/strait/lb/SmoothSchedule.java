package io.strait.lb;

/*
 * Smooth weighted round-robin, as nginx's ngx_http_upstream_get_peer (2012, "smooth weighted
 * round-robin balancing"): each step every peer's current weight grows by its weight, the peer with
 * the largest current weight is chosen (the first on ties), and the total weight is taken from it.
 * Weights 5:1:1 give a a b a c a a instead of a a a a a b c.
 *
 * nginx runs that step under a lock on every request; Strait precomputes one full period (the sum
 * of the weights after dividing by their gcd) into an int[] on the control thread, and pickers
 * index it with an atomic sequence number. A period longer than MAX_LENGTH is shortened by scaling
 * the weights down proportionally (each stays >= 1), which bounds memory and build time at the cost
 * of rounding each share by at most about n / MAX_LENGTH of the traffic.
 */
final class SmoothSchedule {
  static final int MAX_LENGTH = 1 << 16;

  private SmoothSchedule() {}

  /** One period of the smooth schedule, as endpoint indices. */
  static int[] of(int[] weights) {
    int[] w = reduce(weights);
    int n = w.length;
    int total = 0;
    for (int x : w) {
      total += x;
    }
    int[] schedule = new int[total];
    long[] current = new long[n];
    for (int step = 0; step < total; step++) {
      int best = 0;
      for (int i = 0; i < n; i++) {
        current[i] += w[i];
        if (current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      schedule[step] = best;
    }
    return schedule;
  }

  /** Weights divided by their gcd, then scaled so they sum to at most max(n, MAX_LENGTH). */
  static int[] reduce(int[] weights) {
    int g = 0;
    long sum = 0;
    for (int x : weights) {
      g = gcd(g, x);
      sum += x;
    }
    int[] w = new int[weights.length];
    long reducedSum = sum / g;
    double scale = reducedSum > MAX_LENGTH ? (double) (MAX_LENGTH - weights.length) / reducedSum : 1.0;
    for (int i = 0; i < w.length; i++) {
      w[i] = scale == 1.0 ? weights[i] / g : Math.max(1, (int) Math.round(weights[i] / g * scale));
    }
    return w;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
