/**
 * The node-local DNS server: RFC 1035 wire format (own reader and writer, fuzzed), EDNS0
 * (RFC 6891), truncation and the TCP retry (RFC 7766), on Netty UDP and TCP channels. Handlers run
 * on their channel's event loop and keep no state between queries beyond bounded counters; the
 * zone is read from {@link io.strait.dns.ClusterDns} without locks.
 */
package io.strait.dns.server;
