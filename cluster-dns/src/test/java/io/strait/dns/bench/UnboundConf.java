package io.strait.dns.bench;

import io.strait.dns.zone.Rr;
import io.strait.dns.zone.Zone;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An unbound configuration serving the same records as a Strait zone from {@code local-data}
 * (static local zones for the cluster domain and each reverse zone used), on one loopback port.
 * Everything else is forwarded to a dead loopback port, so unbound never sends a query off the
 * machine.
 */
public final class UnboundConf {
    private UnboundConf() {}

    public static String render(Zone zone, int port, int deadPort, Path dir, int threads) {
        StringBuilder sb = new StringBuilder();
        sb.append("server:\n")
                .append("  interface: 127.0.0.1@").append(port).append('\n')
                .append("  port: ").append(port).append('\n')
                .append("  do-ip6: no\n  do-daemonize: no\n  use-syslog: no\n  logfile: \"\"\n  verbosity: 0\n")
                .append("  username: \"\"\n  chroot: \"\"\n")
                .append("  directory: \"").append(dir).append("\"\n")
                .append("  pidfile: \"").append(dir.resolve("unbound.pid")).append("\"\n")
                .append("  num-threads: ").append(threads).append('\n')
                .append("  so-reuseport: yes\n  access-control: 127.0.0.0/8 allow\n")
                .append("  do-not-query-localhost: no\n  module-config: \"iterator\"\n")
                .append("  rrset-roundrobin: no\n  minimal-responses: yes\n")
                .append("  local-zone: \"").append(zone.origin()).append(".\" static\n");
        Set<String> reverse = new TreeSet<>();
        for (String name : zone.records().keySet()) {
            if (name.endsWith(".in-addr.arpa")) {
                reverse.add(name.substring(name.lastIndexOf('.', name.length() - ".in-addr.arpa".length() - 1) + 1));
            } else if (name.endsWith(".ip6.arpa")) {
                reverse.add(name.substring(name.length() - "x.x.ip6.arpa".length()));
            }
        }
        reverse.forEach(r -> sb.append("  local-zone: \"").append(r).append(".\" static\n"));
        for (List<Rr> rrs : zone.records().values()) {
            for (Rr rr : rrs) {
                sb.append("  local-data: '").append(rr).append("'\n");
            }
        }
        sb.append("remote-control:\n  control-enable: no\n")
                .append("forward-zone:\n  name: \".\"\n  forward-addr: 127.0.0.1@").append(deadPort).append('\n');
        return sb.toString();
    }
}
