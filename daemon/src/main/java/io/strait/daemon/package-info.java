/**
 * The {@code strait} command and the wiring shared by its modes: options, the proxy runtime
 * (dataplane, sync loop, health and metrics), node addresses, problem logging.
 */
package io.strait.daemon;
