/**
 * Change trackers between the Kubernetes watch handlers and the sync loop, after kube-proxy's
 * {@code pkg/proxy/servicechangetracker.go} and {@code endpointschangetracker.go}: handlers only
 * <em>record</em> changes (translated to the proxy's model, repeated updates of one object merged,
 * changes that cancel out dropped); the sync thread {@code apply()}s what is pending and reads the
 * current maps. Invalid objects keep their last good value. Pure (no I/O) and thread-safe: each
 * tracker guards its state with its own monitor, held only for map operations.
 */
package io.strait.proxy.tracker;
