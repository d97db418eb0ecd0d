package io.strait.daemon.netns;

import io.strait.daemon.dns.DnsFlags;
import io.strait.daemon.standalone.ManifestFolder;
import io.strait.dns.ClusterDnsService;
import io.strait.dns.DnsSettings;
import io.strait.dns.metrics.DnsMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import picocli.CommandLine;

/**
 * Cluster DNS alone inside a node namespace, until the daemon wires it: the manifest folder's
 * snapshot fed to {@link ClusterDnsService} as the daemon's sink list will, flags parsed by
 * {@link DnsFlags}. {@code DnsNodeMain FOLDER QUERY-LOG --dns-bind-address ... [--dns-* ...]}; appends
 * one line per answered query ("TYPE RCODE SOURCE") to QUERY-LOG and prints "ready" once serving.
 */
public final class DnsNodeMain {
    private DnsNodeMain() {}

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Path queryLog = Path.of(args[1]);
        DnsFlags flags = new DnsFlags();
        new CommandLine(flags).parseArgs(java.util.Arrays.copyOfRange(args, 2, args.length));
        DnsSettings settings = flags.settings(false).orElseThrow();
        DnsMetrics metrics = new DnsMetrics() {
            public synchronized void answered(String type, String rcode, Source source, long nanos) {
                try {
                    Files.writeString(queryLog, type + " " + rcode + " " + source + "\n",
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            public void dropped(String reason) {}

            public void forwarded(String result) {}

            public void cache(String outcome) {}
        };
        ClusterDnsService dns = ClusterDnsService.start(settings, metrics);
        new ManifestFolder(folder, "node", "strait", state -> dns.update(state).forEach(System.out::println)).load();
        System.out.println("ready " + dns.address());
        System.out.flush();
        Thread.currentThread().join();
    }
}
