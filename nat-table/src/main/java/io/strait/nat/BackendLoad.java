package io.strait.nat;

/**
 * Live load per backend, as least-connections balancers read it.
 *
 * <p>Implementations must be safe to call from any thread and cheap (O(1)): a balancer calls it
 * on every pick.
 *
 * @param <B> the backend identity, any value-equal type
 */
@FunctionalInterface
public interface BackendLoad<B> {

  /** Number of flows currently bound to {@code backend}; 0 for a backend never seen. */
  int activeFlows(B backend);
}
