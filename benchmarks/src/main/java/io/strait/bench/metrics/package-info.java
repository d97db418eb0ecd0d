/**
 * JMH benchmarks of the per-connection metric cost (three histogram observations through a
 * {@link io.strait.daemon.metrics.ConnectionObserver}) next to a reference: one small message's
 * round trip over loopback TCP. Results: {@code benchmarks/results/metrics.md}.
 *
 * <p>{@code Scope.Benchmark} state is shared by the measuring threads (with {@code -t 2} both
 * threads observe into the same histogram children, the contended case).
 */
package io.strait.bench.metrics;
