/**
 * Load-balancing algorithms and endpoint filtering for Strait; pure (JDK and Caffeine only).
 *
 * <p>A {@link io.strait.lb.Balancer} is built by {@link io.strait.lb.Balancers#build} from an
 * immutable endpoint list on a control thread, handed the previous balancer so that state worth
 * keeping (round-robin position, Maglev table, ClientIP affinity cache) carries over, and published
 * by the caller with one volatile store. {@code pick} is then called from any number of event-loop
 * threads at once and never takes a lock (the affinity cache's miss path writes to Caffeine, whose
 * map synchronises per bin; its hit path is lock-free).
 *
 * <p>{@link io.strait.lb.EndpointCategorizer} is the pure filter that runs before balancing:
 * traffic policies, terminating fallback and topology hints, after kube-proxy's
 * {@code CategorizeEndpoints}.
 *
 * <p>Thread-safety: every public type here is immutable or, for balancers, safe for concurrent
 * {@code pick} calls; builders are meant for one control thread.
 */
package io.strait.lb;
