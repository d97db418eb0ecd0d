/**
 * The {@code strait} command and the wiring shared by its modes: options and the proxy runtime
 * (dataplane, the sync loop with its sinks in order, health and metrics). Thread-safety per class.
 */
package io.strait.daemon;
