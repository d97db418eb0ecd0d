/**
 * JMH benchmarks and quality reports for {@code io.strait.lb}: pick() cost per algorithm and size,
 * Maglev table build time, and Maglev balance and disruption against a modulo hash. Results and
 * commands: {@code benchmarks/results/lb-algorithms.md}.
 */
package io.strait.bench.lb;
