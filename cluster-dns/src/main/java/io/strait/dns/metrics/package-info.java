/**
 * What the DNS server counts, behind a small interface the daemon implements with the Prometheus
 * client ({@code strait_dns_*}). Labels are bounded: query types outside a fixed list are "other",
 * rcodes are the RFC names. {@link io.strait.dns.metrics.CountingDnsMetrics} is a thread-safe
 * in-memory implementation for tests and the benchmark main.
 */
package io.strait.dns.metrics;
