/**
 * The control-plane scale benchmark: many Services and endpoints fed through the real change
 * trackers, translation, planner, sync runner and Netty dataplane. Run {@link
 * io.strait.bench.scale.ScaleBenchmark#main}; results are recorded in
 * {@code benchmarks/results/scale.md}. Single-use, not thread-safe beyond what it measures.
 */
package io.strait.bench.scale;
