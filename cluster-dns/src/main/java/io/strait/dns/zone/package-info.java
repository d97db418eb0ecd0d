/**
 * The cluster zone as pure data: resource records built from a proxy-core {@code ClusterState}
 * exactly as the Kubernetes DNS-Based Service Discovery specification (schema 1.1.0) lists them,
 * and the lookup rules of an authoritative server (CNAME chains, NXDOMAIN versus NODATA with the
 * SOA in the authority section, synthesized pod names). No I/O, no Netty. Every type here is
 * immutable and thread-safe; a {@link io.strait.dns.zone.Zone} is built once and only read.
 */
package io.strait.dns.zone;
