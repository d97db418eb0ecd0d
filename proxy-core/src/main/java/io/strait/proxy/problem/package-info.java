/**
 * Problems a user can act on, one record type from the parsers through the planner and the sinks
 * to the log, {@code /status} and {@code strait_config_problems}; and {@link
 * io.strait.proxy.problem.ProblemLog}, which logs each once while it persists. Thread-safe.
 */
package io.strait.proxy.problem;
