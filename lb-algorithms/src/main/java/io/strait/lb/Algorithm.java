package io.strait.lb;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The balancing algorithms, by the names users write in configuration. */
public enum Algorithm {
  ROUND_ROBIN("round-robin"),
  WEIGHTED_ROUND_ROBIN("weighted-round-robin"),
  LEAST_CONNECTIONS("least-connections"),
  P2C("p2c"),
  MAGLEV("maglev"),
  RANDOM("random");

  private final String wireName;

  Algorithm(String wireName) {
    this.wireName = wireName;
  }

  /** The configuration name, for example {@code weighted-round-robin}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The algorithm with this configuration name (exact, lower case).
   *
   * @throws IllegalArgumentException naming the value and the allowed ones
   */
  public static Algorithm parse(String s) {
    for (Algorithm a : values()) {
      if (a.wireName.equals(s)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown load-balancing algorithm '" + s + "'; allowed: "
        + Arrays.stream(values()).map(Algorithm::wireName).collect(Collectors.joining(" | ")));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
