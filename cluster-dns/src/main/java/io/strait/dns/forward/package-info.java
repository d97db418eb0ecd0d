/**
 * Forwarding of names outside the cluster zone to upstream resolvers, with a positive and
 * negative cache (RFC 2308) and serve-stale (RFC 8767) when every upstream fails. The
 * {@link io.strait.dns.forward.Forwarder}'s pending table lives on its own event loop; the cache is
 * a bounded Caffeine cache, safe from any thread.
 */
package io.strait.dns.forward;
