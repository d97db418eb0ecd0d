/**
 * Live inspection of a running Strait: the {@code /status} and {@code /connections} JSON
 * endpoints (on the inspection address, --inspect-bind-address) and the {@code strait status} and {@code strait connections}
 * commands that query them and print a table or the JSON. The documents are immutable records
 * built on the HTTP thread from the last sync result and the dataplane's counters; nothing here
 * runs on an event loop.
 */
package io.strait.daemon.inspect;
