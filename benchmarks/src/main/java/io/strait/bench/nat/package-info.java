/**
 * JMH benchmarks of nat-table's {@link io.strait.nat.FlowTable} against the JDK's
 * ConcurrentHashMap and JCTools' NonBlockingHashMap. Results: {@code benchmarks/results/nat-table.md}.
 *
 * <p>Benchmark state follows JMH's rules: {@code Scope.Benchmark} state is shared by the
 * measuring threads, {@code Scope.Thread} state is confined to one.
 */
package io.strait.bench.nat;
