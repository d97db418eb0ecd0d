/** The daemon's health, metrics and inspection HTTP servers (Netty, one event loop). Thread-safe. */
package io.strait.daemon.http;
