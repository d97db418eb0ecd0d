/** Parsers for flag values (kube-proxy-style durations, host:port). Stateless. */
package io.strait.daemon.cli;
