package io.strait.dns.bench;

import io.strait.dns.ClusterDns;
import io.strait.dns.metrics.CountingDnsMetrics;
import io.strait.dns.server.DnsServer;
import io.strait.dns.server.QueryEngine;
import io.strait.dns.zone.ZoneSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Serves {@link BenchZone#cluster(int)} until killed:
 * {@code DnsBenchServer ADDRESS PORT THREADS SERVICES [OUTDIR|- [UPSTREAM]]}. With UPSTREAM (ip:port)
 * names outside the zone are forwarded there through the cache. With OUTDIR it also writes
 * {@code unbound.conf} (the same records as local-data, on a free port it prints as
 * "unbound-port N") and {@code queries.txt} (a dnsperf input: ClusterIP A 80 %, headless A 10 %,
 * SRV 5 %, NXDOMAIN 5 %). Prints "listening HOST:PORT" once bound, and the metrics on exit.
 */
public final class DnsBenchServer {
    private DnsBenchServer() {}

    public static void main(String[] args) throws Exception {
        InetAddress address = InetAddress.getByName(args.length > 0 ? args[0] : "127.0.0.1");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int services = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        ClusterDns dns = new ClusterDns(ZoneSettings.defaults());
        var state = BenchZone.cluster(services);
        long before = usedAfterGc();
        dns.update(state);
        System.out.println("zone-heap-bytes " + (usedAfterGc() - before) + " records "
                + dns.zone().records().values().stream().mapToInt(java.util.List::size).sum());
        CountingDnsMetrics metrics = new CountingDnsMetrics();
        io.strait.dns.forward.Forwarder forwarder = args.length > 5
                ? io.strait.dns.forward.Forwarder.start(io.strait.dns.forward.ForwarderSettings.of(
                        java.util.List.of(io.strait.dns.forward.ForwarderSettings.parseUpstream(args[5]))), metrics,
                        com.github.benmanes.caffeine.cache.Ticker.systemTicker())
                : null;
        DnsServer server = DnsServer.start(new InetSocketAddress(address, port), threads,
                new QueryEngine(dns, forwarder, metrics), metrics);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println("metrics " + metrics.snapshot());
        }));
        if (args.length > 4 && !args[4].equals("-")) {
            java.nio.file.Path out = java.nio.file.Path.of(args[4]);
            int unboundPort;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                unboundPort = probe.getLocalPort();
            }
            int dead;
            try (java.net.DatagramSocket d = new java.net.DatagramSocket(0)) {
                dead = d.getLocalPort();
            }
            java.nio.file.Files.writeString(out.resolve("unbound.conf"),
                    UnboundConf.render(dns.zone(), unboundPort, dead, out, threads));
            java.nio.file.Files.write(out.resolve("queries.txt"), queries(services));
            System.out.println("unbound-port " + unboundPort);
        }
        System.out.println("listening " + server.address().getAddress().getHostAddress() + ":" + server.address().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    static java.util.List<String> queries(int services) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int k = (i * 7919) % services;
            int h = (i * 104729) % Math.max(1, services / 10);
            switch (i % 20) {
                case 0, 1 -> out.add("hl-" + h + ".ns-" + (h % 10) + ".svc.cluster.local A");
                case 2 -> out.add("_http._tcp.svc-" + k + ".ns-" + (k % 10) + ".svc.cluster.local SRV");
                case 3 -> out.add("nope-" + k + ".ns-" + (k % 10) + ".svc.cluster.local A");
                default -> out.add("svc-" + k + ".ns-" + (k % 10) + ".svc.cluster.local A");
            }
        }
        return out;
    }
}
