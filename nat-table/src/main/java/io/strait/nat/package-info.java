/**
 * The connection/flow table of Strait's dataplane: {@link io.strait.nat.FlowTable} maps a
 * {@link io.strait.nat.FlowKey} (protocol, client, frontend) to a {@link io.strait.nat.Flow}
 * bound to a backend, with idle expiry and live per-backend counts
 * ({@link io.strait.nat.BackendLoad}) for least-connections balancing.
 *
 * <p>Pure: depends on the JDK only (an ArchUnit test keeps it so). Thread-safety: every type
 * here is either immutable ({@code FlowKey}, {@code Protocol}) or thread-safe and non-blocking
 * ({@code FlowTable}, {@code Flow}); see {@link io.strait.nat.FlowTable} for the design.
 */
package io.strait.nat;
