package io.strait.proxy.vip;

import io.strait.proxy.model.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VIPs by AnyIP: each Service CIDR is one local route on {@code lo}
 * ({@code ip route replace local CIDR dev lo}), so every address in it is local without a
 * per-Service change; wanted addresses outside those CIDRs (external and LoadBalancer IPs) get a
 * /32 (/128) local route each. Strait's routes carry their own protocol number ({@value #PROTO}),
 * so the ones no longer wanted, including those of an earlier run, are found and removed (both
 * families: {@code ip route} alone lists only IPv4). Linux lets a socket bind an IPv4 address that
 * a local route covers, but an IPv6 one only with {@code net.ipv6.ip_nonlocal_bind=1} (or
 * {@code IPV6_FREEBIND}), so that is set once IPv6 addresses are wanted. Thread-safe (synchronized).
 */
public final class AnyIpVips implements VipManager {
    private static final Logger log = LoggerFactory.getLogger(AnyIpVips.class);
    /** The rtnetlink protocol number marking Strait's routes (unassigned in /etc/iproute2/rt_protos). */
    public static final String PROTO = "250";

    private final List<Cidr> serviceCidrs;
    private final IpTool ip;
    private final Sysctls sysctls;
    private boolean arpDone;
    private boolean nonlocalBindDone;

    public AnyIpVips(List<Cidr> serviceCidrs, IpTool ip, Sysctls sysctls) {
        this.serviceCidrs = List.copyOf(serviceCidrs);
        this.ip = ip;
        this.sysctls = sysctls;
    }

    @Override
    public synchronized List<String> sync(Set<InetAddress> desired) {
        List<String> problems = new ArrayList<>();
        if (!arpDone) {
            problems.addAll(Sysctls.quietArp(sysctls));
            arpDone = true;
        }
        Map<String, String> wanted = new TreeMap<>(); // route destination -> what it is for
        serviceCidrs.forEach(c -> wanted.put(c.toString(), "Service CIDR " + c));
        desired.stream().filter(VipManager::programmable)
                .filter(a -> serviceCidrs.stream().noneMatch(c -> c.contains(a)))
                .forEach(a -> wanted.put(IpTool.host(a), "VIP " + a.getHostAddress()));
        if (!nonlocalBindDone && wanted.keySet().stream().anyMatch(d -> d.contains(":"))) {
            String error = sysctls.write("net.ipv6.ip_nonlocal_bind", "1");
            if (error != null) { // reported and retried on every sync until it takes
                problems.add("net.ipv6.ip_nonlocal_bind=1 (IPv6 listeners on AnyIP routes): " + error);
            } else {
                nonlocalBindDone = true;
            }
        }
        Set<String> current = new java.util.HashSet<>();
        for (String family : new String[] {"-4", "-6"}) {
            IpTool.Result shown = ip.run(family, "-o", "route", "show", "table", "local", "proto", PROTO);
            if (!shown.ok()) {
                return List.of("cannot list local routes: `" + ip.describe(family, "-o", "route", "show", "table", "local",
                        "proto", PROTO) + "` failed: " + shown.stderr());
            }
            for (String line : shown.stdout().split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 1 && f[0].equals("local")) {
                    // as wanted spells it: ip prints fd00::/112, Cidr fd00:0:0:0:0:0:0:0/112
                    current.add(f[1].contains("/") ? Cidr.parse(f[1]).toString() : IpTool.host(InetAddress.ofLiteral(f[1])));
                }
            }
        }
        Map<String, String[]> changes = new LinkedHashMap<>();
        current.stream().filter(d -> !wanted.containsKey(d)).forEach(d -> changes.put("stale route " + d,
                new String[] {"route", "del", "local", d, "dev", "lo", "table", "local", "proto", PROTO}));
        wanted.forEach((d, what) -> {
            if (!current.contains(d)) {
                changes.put(what, new String[] {"route", "replace", "local", d, "dev", "lo", "table", "local", "proto", PROTO});
            }
        });
        if (changes.isEmpty()) {
            return problems;
        }
        if (!ip.batch(changes.values().stream().map(a -> String.join(" ", a)).toList()).ok()) {
            changes.forEach((what, args) -> {
                IpTool.Result one = ip.run(args);
                if (!one.ok() && !one.stderr().contains("File exists") && !one.stderr().contains("No such process")) {
                    problems.add(what + ": `" + ip.describe(args) + "` failed: " + one.stderr());
                }
            });
        }
        log.info("AnyIP local routes on lo: {} changed ({} wanted)", changes.size(), wanted.size());
        return problems;
    }
}
