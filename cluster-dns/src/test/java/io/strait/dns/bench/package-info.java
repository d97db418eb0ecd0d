/** A main that serves a generated cluster zone, for dnsperf runs and the unbound comparison. */
package io.strait.dns.bench;
