/**
 * The command-line side of cluster DNS (module {@code cluster-dns}): {@link io.strait.daemon.dns.DnsFlags}
 * parses the {@code --dns-*} and {@code --cluster-domain} flags into {@code DnsSettings};
 * {@link io.strait.daemon.dns.PrometheusDnsMetrics} exports what the server counts as
 * {@code strait_dns_*}. The flags are stateless; the metrics thread-safe.
 */
package io.strait.daemon.dns;
