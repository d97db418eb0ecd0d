/**
 * Cluster DNS on every node: {@link io.strait.dns.ClusterDns} is the sink that turns each
 * {@code ClusterState} snapshot into an immutable zone and publishes it with one volatile store;
 * the server's event loops read the current zone without locks.
 */
package io.strait.dns;
