package io.strait.daemon.inspect;

import java.util.List;

/** Where {@code /connections} reads the live flows from. Implementations must be thread-safe. */
@FunctionalInterface
public interface FlowSource {
    /** A point-in-time copy of the live flows (a weakly consistent view is fine). */
    List<Flow> flows();
}
