/** Prometheus metrics of the daemon (Prometheus Java client 1.x). Thread-safe. */
package io.strait.daemon.metrics;
