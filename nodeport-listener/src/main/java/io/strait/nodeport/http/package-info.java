/**
 * A small HTTP/1.1 server on Netty for probes and scrapes (health, metrics, inspection, the
 * health-check node ports): event-loop based, bounded requests, a deadline per request, exact
 * paths. Thread-safe.
 */
package io.strait.nodeport.http;
