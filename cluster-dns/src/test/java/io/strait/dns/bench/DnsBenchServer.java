package io.strait.dns.bench;

import io.strait.dns.ClusterDns;
import io.strait.dns.metrics.CountingDnsMetrics;
import io.strait.dns.server.DnsServer;
import io.strait.dns.server.QueryEngine;
import io.strait.dns.zone.ZoneSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Serves {@link BenchZone#cluster(int)} until killed: {@code DnsBenchServer ADDRESS PORT THREADS SERVICES}.
 * Prints "listening HOST:PORT" once bound, and the metrics on exit.
 */
public final class DnsBenchServer {
    private DnsBenchServer() {}

    public static void main(String[] args) throws Exception {
        InetAddress address = InetAddress.getByName(args.length > 0 ? args[0] : "127.0.0.1");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int services = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        ClusterDns dns = new ClusterDns(ZoneSettings.defaults());
        dns.update(BenchZone.cluster(services));
        CountingDnsMetrics metrics = new CountingDnsMetrics();
        DnsServer server = DnsServer.start(new InetSocketAddress(address, port), threads,
                new QueryEngine(dns, null, metrics), metrics);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println("metrics " + metrics.snapshot());
        }));
        System.out.println("listening " + server.address().getAddress().getHostAddress() + ":" + server.address().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
