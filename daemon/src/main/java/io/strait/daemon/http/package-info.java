/** The daemon's health and metrics HTTP servers. Thread-safe. */
package io.strait.daemon.http;
