/**
 * The sync loop: sources publish snapshots, a bounded-frequency runner coalesces them, the
 * planner computes the plan and the dataplane applies its difference. Thread-safe.
 */
package io.strait.proxy.sync;
