/**
 * Wiring of the loadbalancer-allocator module into the daemon: the standalone allocation stage
 * (between the manifest folder and the sync) and the allocator's metrics. Thread-safety per class.
 */
package io.strait.daemon.loadbalancer;
