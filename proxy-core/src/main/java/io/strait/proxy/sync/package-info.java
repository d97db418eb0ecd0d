/**
 * The spine: a {@link io.strait.proxy.sync.SnapshotSource} says something changed, a
 * bounded-frequency runner coalesces the signals, and {@link io.strait.proxy.sync.ProxySync}
 * takes the snapshot, plans it, and hands the whole desired state to a fixed, ordered list of
 * {@link io.strait.proxy.sync.Sink}s. Thread-safe.
 */
package io.strait.proxy.sync;
