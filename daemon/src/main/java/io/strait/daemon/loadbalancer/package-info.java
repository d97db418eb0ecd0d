/**
 * The command-line flags of LoadBalancer allocation and announcement, parsed into the
 * allocator's {@code LoadBalancerSettings}. Not thread-safe (picocli fills them once).
 */
package io.strait.daemon.loadbalancer;
