/**
 * The command-line side of cluster DNS (module {@code cluster-dns}): {@link io.strait.daemon.dns.DnsFlags}
 * parses the {@code --dns-*} and {@code --cluster-domain} flags into {@code DnsSettings}. Stateless.
 */
package io.strait.daemon.dns;
