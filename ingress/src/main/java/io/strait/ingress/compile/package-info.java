/**
 * Pure translation of route objects into a {@link io.strait.ingress.route.RouteTable}: validation
 * naming object and field, Ingress class selection, Gateway API attachment (listeners, allowed
 * namespaces, hostname intersection, ReferenceGrant), conditions, and the resolution of backends
 * against a {@link io.strait.proxy.model.ClusterState}. {@link io.strait.ingress.compile.RouteSink}
 * keeps the last good version of each object and publishes each table with one volatile store.
 * Everything but {@code RouteSink} is stateless and thread-safe; {@code RouteSink.update} is
 * called from one control thread at a time (it is synchronized).
 */
package io.strait.ingress.compile;
